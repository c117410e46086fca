package dev.tributary.operator.dashboard.build;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.api.v1alpha1.Dashboard;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The generated dashboard JSON against Grafana's published dashboard schema: the TypeScript types of the npm package
 * {@code @grafana/schema} ({@value #SCHEMA_VERSION}, {@code raw/dashboard/x}), checked by the TypeScript compiler
 * ({@value #TYPESCRIPT_VERSION}) with the JSON as an object literal, so an unknown field, a wrong type or a missing
 * required field fails. The schema leaves a query's fields to its data source: the Prometheus ones are declared in
 * {@code check-header.ts}. Both packages are installed once with npm into ~/.cache/tributary.
 */
class GrafanaSchemaTest {

    static final String SCHEMA_VERSION = "13.2.3";
    static final String TYPESCRIPT_VERSION = "5.9.3";
    private static final Path TOOLS = Path.of(System.getProperty("user.home"), ".cache", "tributary",
            "grafana-schema-" + SCHEMA_VERSION + "-ts-" + TYPESCRIPT_VERSION);

    @Test
    void theGeneratedDashboardIsAGrafanaDashboardByGrafanasSchema() throws Exception {
        Dashboard dashboard = DashboardFixtures.dashboard("shop", "web", """
                pipelines: {selector: {matchLabels: {team: web}}}
                alerts: {enabled: true}""");
        String json = DashboardChildren.dashboardJson(dashboard, List.of("enrich", "sessionize"));
        String out = typeCheck(json);
        assertThat(out).as("tsc").isEmpty();
    }

    @Test
    void theOperatorDashboardIsAGrafanaDashboardByGrafanasSchema() throws Exception {
        assertThat(typeCheck(OperatorDashboard.json())).as("tsc").isEmpty();
    }

    @Test
    void theCheckFailsOnAFieldGrafanaDoesNotKnow() throws Exception {
        Dashboard dashboard = DashboardFixtures.dashboard("shop", "web", "pipelines: {names: [sessionize]}");
        String json = DashboardChildren.dashboardJson(dashboard, List.of("sessionize"))
                .replaceFirst("\"gridPos\"", "\"gridPosition\"");
        assertThat(typeCheck(json)).contains("gridPosition");
    }

    private static String typeCheck(String json) throws Exception {
        installTools();
        Files.writeString(TOOLS.resolve("tsconfig.json"), resource("tsconfig.json"));
        Files.writeString(TOOLS.resolve("check.ts"), resource("check-header.ts") + json.strip() + ";\n");
        return run(List.of(TOOLS.resolve("node_modules/.bin/tsc").toString(), "-p", "tsconfig.json"), true);
    }

    private static synchronized void installTools() throws Exception {
        if (Files.isExecutable(TOOLS.resolve("node_modules/.bin/tsc"))
                && Files.isDirectory(TOOLS.resolve("node_modules/@grafana/schema/dist/types"))) {
            return;
        }
        Files.createDirectories(TOOLS);
        Files.writeString(TOOLS.resolve("package.json"), "{\"private\": true}\n");
        run(List.of("npm", "install", "--no-audit", "--no-fund", "--save-exact", "@grafana/schema@" + SCHEMA_VERSION,
                "typescript@" + TYPESCRIPT_VERSION), false);
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = GrafanaSchemaTest.class.getResourceAsStream("/grafana-schema/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** Runs a command in the tools directory; returns its output, which for tsc is its list of errors. */
    private static String run(List<String> command, boolean outputIsTheAnswer) throws Exception {
        Process process = new ProcessBuilder(command).directory(TOOLS.toFile()).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(10, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError(command + " did not finish in 10 minutes");
        }
        if (process.exitValue() != 0 && !outputIsTheAnswer) {
            throw new AssertionError(command + " failed (exit " + process.exitValue() + "):\n" + out);
        }
        return out.strip();
    }
}
