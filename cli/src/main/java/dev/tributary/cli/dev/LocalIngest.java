package dev.tributary.cli.dev;

import dev.tributary.api.plan.IngestPlan;
import dev.tributary.api.plan.KafkaConnectionPlan;
import dev.tributary.api.plan.PlanResolver;
import dev.tributary.api.v1alpha1.Source;
import dev.tributary.operator.source.build.IngestChildren;
import dev.tributary.runtime.ingest.IngestServer;
import dev.tributary.runtime.ingest.IngestSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.List;

/**
 * The ingest endpoint of each Source with {@code spec.ingest.http}, served by the same server as in the cluster,
 * on 127.0.0.1 (port 8080 when free, else any). Differences from the cluster, each said in a line: plain HTTP
 * (no certificate), and a Source with {@code auth} gets a token made for the run in a local Secret file (owner-only)
 * unless that file already holds tokens. Tokens are never printed.
 */
final class LocalIngest implements AutoCloseable {

    private final DevState state;
    private final List<IngestServer> servers = new ArrayList<>();

    LocalIngest(DevState state) {
        this.state = state;
    }

    List<String> start(Collection<Source> sources, String bootstrapServers) {
        List<String> lines = new ArrayList<>();
        for (Source source : sources) {
            if (!IngestChildren.wanted(source)) {
                continue;
            }
            IngestPlan cluster = PlanResolver.ingest(source, KafkaConnectionPlan.plaintext(bootstrapServers));
            IngestPlan local = new IngestPlan(cluster.source(), cluster.kafka(), cluster.tokens(), null,
                    cluster.maxRequestBytes(), cluster.maxRecordsPerRequest(), cluster.maxInFlightBytes());
            String auth = "no token needed";
            if (local.tokens() != null) {
                Path file = state.secretsDir().resolve(local.tokens().secretName()).resolve(local.tokens().key());
                auth = ensureToken(file) + ": curl -H \"Authorization: Bearer $(head -1 " + file + ")\" ...";
            }
            IngestServer server = startOn(local, IngestSettings.DEFAULT_PORT);
            servers.add(server);
            lines.add("Source " + source.getMetadata().getName() + ": POST JSON lines to http://127.0.0.1:"
                    + server.port() + "/v1/sources/" + source.getMetadata().getName() + "/records (or a WebSocket"
                    + " there), " + auth + "; metrics http://127.0.0.1:" + server.managementPort() + "/metrics");
            if (cluster.tlsSecret() != null) {
                lines.add("Source " + source.getMetadata().getName() + ": plain HTTP here; in the cluster HTTPS with"
                        + " the certificate of Secret " + cluster.tlsSecret());
            }
        }
        return lines;
    }

    private IngestServer startOn(IngestPlan plan, int preferredPort) {
        IngestSettings settings = IngestSettings.defaults(state.secretsDir());
        try {
            return IngestServer.start(plan, settings.on("127.0.0.1", preferredPort, 0));
        } catch (IllegalStateException busy) {
            return IngestServer.start(plan, settings.on("127.0.0.1", 0, 0));
        }
    }

    /** Makes a token for the run unless the local Secret file holds one; says which. */
    private static String ensureToken(Path file) {
        try {
            if (Files.exists(file) && !Files.readString(file, StandardCharsets.UTF_8).isBlank()) {
                return "bearer token from " + file;
            }
            byte[] random = new byte[24];
            new SecureRandom().nextBytes(random);
            Files.createDirectories(file.getParent());
            Files.deleteIfExists(file);
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(file, Base64.getUrlEncoder().withoutPadding().encodeToString(random) + "\n",
                    StandardCharsets.UTF_8);
            return "bearer token made for dev in " + file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the local token file " + file, e);
        }
    }

    @Override
    public void close() {
        servers.forEach(IngestServer::close);
        servers.clear();
    }
}
