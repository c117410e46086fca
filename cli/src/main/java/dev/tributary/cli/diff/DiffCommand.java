package dev.tributary.cli.diff;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tributary.api.plan.PipelinePlan;
import dev.tributary.cli.Document;
import dev.tributary.cli.RenderSettings;
import dev.tributary.cli.Renderer;
import dev.tributary.cli.Validator;
import dev.tributary.cli.YamlLoader;
import dev.tributary.runtime.JobOperators;
import dev.tributary.sqlcheck.upgrade.StateJudge;
import dev.tributary.sqlcheck.upgrade.StateVerdict;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * {@code tributary diff OLD NEW} and {@code tributary diff --against RENDERED NEW}: for each Pipeline whose plan
 * changes, what changes and what it does to the running job's state, judged as Flink will judge it when the new job
 * starts from the old one's savepoint.
 */
public final class DiffCommand {

    public static final int CHANGES_KEEP_STATE = 0;
    public static final int PROBLEMS = 1;
    public static final int USAGE_ERROR = 2;
    public static final int STATE_WOULD_BE_LOST = 3;

    public static final String USAGE = """
            usage: tributary diff [--image IMAGE] OLD NEW
                   tributary diff [--image IMAGE] --against RENDERED NEW

              diff       offline, what applying NEW over OLD does to each Pipeline: what changes (SQL, sources,
                         sinks, settings, image) and, for each stateful operator of the running job
                         (aggregations, joins, windows, deduplication, MATCH_RECOGNIZE, Kafka readers, sinks),
                         whether its state is kept, dropped, incompatible or new (starts empty) when the new job
                         starts from the old one's savepoint. Both jobs are built as the runtime builds them and
                         matched by the operator ids Flink derives, not by the SQL's text.
                OLD, NEW         files or directories of Sources, Sinks and Pipelines (validated first)
                --against FILE   the running release instead of OLD: `tributary render` output, the
                                 Pipeline's ConfigMap (and JobManager Deployment) as YAML, or a plan.json
                --image IMAGE    runtime image of Pipelines without spec.image (as for render)

              Exit codes: 0 every change keeps its state (or nothing changed, or the Pipeline asks for
              upgradeMode: stateless); 3 some Pipeline's state would not carry over (the verdict says which
              operators and what to do); 1 problems in the input; 2 usage.
            """;

    private DiffCommand() {
    }

    public static int run(List<String> args, PrintStream out, PrintStream err) {
        Path against = null;
        String image = RenderSettings.defaults().image();
        List<Path> paths = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (arg.equals("--against") || arg.equals("--image")) {
                if (i + 1 >= args.size() || args.get(i + 1).isBlank()) {
                    return usage(err, "option " + arg + " needs a value");
                }
                String value = args.get(++i);
                if (arg.equals("--against")) {
                    against = Path.of(value);
                } else {
                    image = value;
                }
            } else if (arg.startsWith("--against=")) {
                against = Path.of(arg.substring("--against=".length()));
            } else if (arg.startsWith("--image=")) {
                image = arg.substring("--image=".length());
            } else if (arg.startsWith("-")) {
                return usage(err, "unknown option '" + arg + "'");
            } else {
                paths.add(Path.of(arg));
            }
        }
        if (paths.size() != (against == null ? 2 : 1)) {
            return usage(err, against == null ? "name OLD and NEW" : "with --against, name NEW only");
        }
        if (against != null && !Files.isRegularFile(against)) {
            return usage(err, "--against " + against + " is not a file");
        }
        RenderSettings d = RenderSettings.defaults();
        RenderSettings settings = new RenderSettings(image, d.bootstrapServers(), d.securityProtocol(),
                d.saslMechanism(), d.credentialsSecret(), d.caCertificate(), d.operatorNamespace(),
                d.metricsNamespaces());
        Map<String, Release> before;
        Map<String, Release> after;
        try {
            before = against != null ? Releases.fromFile(against) : releases(paths.get(0), settings, err);
            after = releases(paths.get(paths.size() - 1), settings, err);
        } catch (IllegalArgumentException | java.io.UncheckedIOException e) {
            err.println("tributary diff: " + e.getMessage());
            return PROBLEMS;
        }
        if (before == null || after == null) {
            return PROBLEMS;
        }
        return compare(before, after, out, err);
    }

    static int compare(Map<String, Release> before, Map<String, Release> after, PrintStream out, PrintStream err) {
        int exit = CHANGES_KEEP_STATE;
        int changed = 0;
        for (String key : new TreeSet<>(union(before, after))) {
            Release was = before.get(key);
            Release now = after.get(key);
            if (was == null) {
                out.println("Pipeline " + key + ": new; it starts without state");
                continue;
            }
            if (now == null) {
                out.println("Pipeline " + key + ": removed; its job and state go with it");
                continue;
            }
            List<String> parts = PlanChanges.parts(was, now);
            if (parts.isEmpty()) {
                continue;
            }
            changed++;
            out.println("Pipeline " + key + ": " + String.join(", ", parts) + " changed");
            StateVerdict verdict;
            try {
                verdict = StateJudge.judge(JobOperators.of(was.plan()), JobOperators.of(now.plan()));
            } catch (RuntimeException e) {
                err.println("tributary diff: Pipeline " + key + ": the job cannot be built: " + e.getMessage());
                return PROBLEMS;
            }
            UpgradeReport.lines(was, now, verdict).forEach(out::println);
            if (UpgradeReport.losesState(now, verdict)) {
                exit = STATE_WOULD_BE_LOST;
            }
        }
        if (changed == 0) {
            out.println("No Pipeline's plan changes.");
        }
        return exit;
    }

    private static java.util.Set<String> union(Map<String, Release> a, Map<String, Release> b) {
        java.util.Set<String> keys = new TreeSet<>(a.keySet());
        keys.addAll(b.keySet());
        return keys;
    }

    /** Validates, renders as the operator would, and reads the releases back with each Pipeline's upgradeMode. */
    static Map<String, Release> releases(Path path, RenderSettings settings, PrintStream err) {
        Validator.Report report = new Validator(true).validate(List.of(path));
        if (!report.ok()) {
            report.findings().forEach(err::println);
            err.println(path + ": " + report.findings().size() + " problem" + (report.findings().size() == 1 ? ""
                    : "s") + " found; fix them, then diff");
            return null;
        }
        YamlLoader loader = new YamlLoader();
        loader.load(path);
        Map<String, Release> releases = Releases.fromRendered(new Renderer(settings).render(loader.documents(),
                List.of(path.toString())));
        for (Document doc : loader.documents()) {
            if ("Pipeline".equals(doc.kind())) {
                String key = doc.namespace() + "/" + doc.name();
                Release release = releases.get(key);
                JsonNode mode = doc.tree().path("spec").path("upgradeMode");
                if (release != null && mode.isTextual()) {
                    PipelinePlan plan = release.plan();
                    releases.put(key, new Release(plan, release.image(), mode.asText()));
                }
            }
        }
        return releases;
    }

    private static int usage(PrintStream err, String problem) {
        err.println("tributary diff: " + problem);
        err.print(USAGE);
        return USAGE_ERROR;
    }
}
