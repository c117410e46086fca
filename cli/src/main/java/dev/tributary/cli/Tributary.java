package dev.tributary.cli;

import dev.tributary.cli.dev.DevCommand;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The {@code tributary} command. */
public final class Tributary {

    static final String USAGE = """
            usage: tributary validate [--no-sql] FILE|DIR...
                   tributary render [options] FILE|DIR...
                   tributary dev DIR [--max-records N] [--duration D] [--parallelism N] [--seed N] [--rate N]

              validate   check Sources, Sinks, Pipelines and Dashboards offline, with no cluster: the CRDs'
                         schema rules, the cross-resource checks, and each Pipeline's SQL planned by Flink
                         against the declared schemas. Prints one line per problem,
                         `file: kind/name: field: what is wrong and what to do`; exit code 1 when anything
                         is wrong, 0 otherwise.
                --no-sql skip planning the SQL with Flink (faster)

              dev        run the Pipeline in DIR on this machine with no cluster (a local Kafka broker, its
                         generators, Flink on a MiniCluster), printing results as they arrive; state in
                         DIR/.tributary so the next run resumes. `tributary dev --help` tells more.
            """ + RenderCommand.USAGE;

    private Tributary() {
    }

    public static void main(String[] args) {
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "error");
        System.setProperty("org.slf4j.simpleLogger.logFile", "System.err");
        System.exit(run(args, System.out, System.err));
    }

    /** Runs a command; returns the exit code (0 fine, 1 problems found, 2 usage). */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 0 || args[0].equals("-h") || args[0].equals("--help") || args[0].equals("help")) {
            out.print(USAGE);
            return args.length == 0 ? 2 : 0;
        }
        if (args[0].equals("render")) {
            return RenderCommand.run(List.of(args).subList(1, args.length), out, err);
        }
        if (args[0].equals("dev")) {
            if (args.length > 1 && (args[1].equals("-h") || args[1].equals("--help"))) {
                out.print(dev.tributary.cli.dev.DevOptions.USAGE);
                return 0;
            }
            return DevCommand.run(List.of(args).subList(1, args.length), out, err, System.console() != null);
        }
        if (!args[0].equals("validate")) {
            err.println("tributary: unknown command '" + args[0] + "'");
            err.print(USAGE);
            return 2;
        }
        boolean sql = true;
        List<Path> paths = new ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            if (args[i].equals("--no-sql")) {
                sql = false;
            } else if (args[i].startsWith("-")) {
                err.println("tributary validate: unknown option '" + args[i] + "'");
                err.print(USAGE);
                return 2;
            } else {
                paths.add(Path.of(args[i]));
            }
        }
        if (paths.isEmpty()) {
            err.println("tributary validate: name at least one file or directory");
            err.print(USAGE);
            return 2;
        }
        Validator.Report report = new Validator(sql).validate(paths);
        report.findings().forEach(out::println);
        report.notes().forEach(n -> err.println("note: " + n));
        if (report.ok()) {
            err.println("ok: no problems found");
            return 0;
        }
        err.println(report.findings().size() + " problem" + (report.findings().size() == 1 ? "" : "s") + " found");
        return 1;
    }
}
