package dev.tributary.cli;

import dev.tributary.cli.dev.DevCommand;
import dev.tributary.cli.dev.DevOptions;
import dev.tributary.cli.diff.DiffCommand;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The {@code tributary} command. */
public final class Tributary {

    static final String VALIDATE_USAGE = """
            usage: tributary validate [--no-sql] FILE|DIR...

              validate   check Sources, Sinks, Pipelines and Dashboards offline, with no cluster: the CRDs'
                         schema rules, the cross-resource checks, and each Pipeline's SQL planned by Flink
                         against the declared schemas. Prints one line per problem,
                         `file: kind/name: field: what is wrong and what to do`; exit code 1 when anything
                         is wrong, 0 otherwise.
                --no-sql skip planning the SQL with Flink (faster)
            """;

    static final String USAGE = """
            usage: tributary validate [--no-sql] FILE|DIR...
                   tributary render [options] FILE|DIR...
                   tributary dev DIR [--max-records N] [--duration D] [--max-dead-letters P] [options]
                   tributary diff [--image IMAGE] OLD NEW | --against RENDERED NEW
                   tributary completion bash|zsh
                   tributary --version
                   tributary COMMAND --help

              validate   check Sources, Sinks, Pipelines and Dashboards offline, with no cluster: the CRDs'
                         schema rules, the cross-resource checks, and each Pipeline's SQL planned by Flink
                         against the declared schemas. Prints one line per problem,
                         `file: kind/name: field: what is wrong and what to do`; exit code 1 when anything
                         is wrong, 0 otherwise.
                --no-sql skip planning the SQL with Flink (faster)

              dev        run the Pipeline in DIR on this machine with no cluster (a local Kafka broker, its
                         generators, Flink on a MiniCluster), printing results as they arrive; state in
                         DIR/.tributary so the next run resumes. `tributary dev --help` tells more.

              diff       what a change does to running Pipelines: what changes, and for each stateful
                         operator whether its state is kept, lost or new, as Flink restores a savepoint;
                         exit code 3 when some state would not carry over. `tributary diff --help` tells more.

              completion print a completion script for bash or zsh: `source <(tributary completion bash)`
            """ + RenderCommand.USAGE + """

              Exit codes: 0 fine, 1 problems found (or a dev run that failed), 2 usage, 3 (diff) state
              would not carry over; `tributary dev`
              stopped by a signal: 128 + its number (130 Ctrl-C, 143 SIGTERM).
            """;

    private Tributary() {
    }

    public static void main(String[] args) {
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "error");
        System.setProperty("org.slf4j.simpleLogger.logFile", "System.err");
        System.exit(run(args, System.out, System.err));
    }

    /** Runs a command; returns the exit code (0 fine, 1 problems found, 2 usage). */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 0) {
            err.print(USAGE);
            return 2;
        }
        String command = args[0];
        if (command.equals("-h") || command.equals("--help") || command.equals("help")) {
            if (args.length > 1 && usageOf(args[1]) != null) {
                out.print(usageOf(args[1]));
            } else {
                out.print(USAGE);
            }
            return 0;
        }
        if (command.equals("--version") || command.equals("-V") || command.equals("version")) {
            out.print(Versions.describe());
            return 0;
        }
        String usage = usageOf(command);
        if (usage == null) {
            err.println("tributary: unknown command '" + command + "'");
            err.print(USAGE);
            return 2;
        }
        List<String> rest = List.of(args).subList(1, args.length);
        if (rest.contains("-h") || rest.contains("--help")) {
            out.print(usage);
            return 0;
        }
        return switch (command) {
            case "render" -> RenderCommand.run(rest, out, err);
            case "dev" -> DevCommand.run(rest, out, err, Terminal.interactive());
            case "diff" -> DiffCommand.run(rest, out, err);
            case "completion" -> Completion.run(rest, out, err);
            default -> validate(rest, out, err);
        };
    }

    /** The usage of one command; null for a name that is none. */
    static String usageOf(String command) {
        return switch (command) {
            case "validate" -> VALIDATE_USAGE;
            case "render" -> RenderCommand.FULL_USAGE;
            case "dev" -> DevOptions.USAGE;
            case "diff" -> DiffCommand.USAGE;
            case "completion" -> Completion.USAGE;
            default -> null;
        };
    }

    private static int validate(List<String> args, PrintStream out, PrintStream err) {
        boolean sql = true;
        List<Path> paths = new ArrayList<>();
        for (String arg : args) {
            if (arg.equals("--no-sql")) {
                sql = false;
            } else if (arg.startsWith("-")) {
                err.println("tributary validate: unknown option '" + arg + "'");
                err.print(VALIDATE_USAGE);
                return 2;
            } else {
                paths.add(Path.of(arg));
            }
        }
        if (paths.isEmpty()) {
            err.println("tributary validate: name at least one file or directory");
            err.print(VALIDATE_USAGE);
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
