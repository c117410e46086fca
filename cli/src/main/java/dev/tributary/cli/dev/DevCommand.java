package dev.tributary.cli.dev;

import dev.tributary.cli.Validator;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** {@code tributary dev DIR}: validates the resources, then runs their Pipeline on this machine. */
public final class DevCommand {

    /** When set to a process id, dev stops when that process ends. */
    public static final String PARENT_PID_ENV = "TRIBUTARY_DEV_PARENT_PID";

    private DevCommand() {
    }

    /**
     * Returns the exit code: 0 ran healthy, 1 problems (invalid resources, a failed run, the folder in use by another
     * run), 2 usage; stopped by a signal, 128 + its number (130 Ctrl-C, 143 SIGTERM).
     */
    public static int run(List<String> args, PrintStream out, PrintStream err, boolean terminal) {
        DevOptions options;
        try {
            options = DevOptions.parse(args);
        } catch (IllegalArgumentException e) {
            err.println("tributary dev: " + e.getMessage());
            err.print(DevOptions.USAGE);
            return 2;
        }
        if (!Files.isDirectory(options.dir())) {
            err.println("tributary dev: " + options.dir() + " is not a directory: name the folder of a Pipeline's"
                    + " YAML, e.g. samples/clickstream");
            return 1;
        }
        Path stateDir = DevState.rootOf(options.dir());
        Optional<DevLock> lock = DevLock.tryAcquire(stateDir);
        if (lock.isEmpty()) {
            err.println("tributary dev: another tributary dev run (pid " + DevLock.holder(stateDir) + ") is using "
                    + options.dir() + " (its state in " + stateDir + "): stop that run first, or copy the folder to"
                    + " run the Pipeline twice at once");
            return 1;
        }
        try {
            return runLocked(options, out, err, terminal, lock.get());
        } finally {
            lock.get().close();
        }
    }

    private static int runLocked(DevOptions options, PrintStream out, PrintStream err, boolean terminal,
            DevLock lock) {
        Validator.Report report = new Validator(true).validate(List.of(options.dir()));
        report.findings().forEach(out::println);
        report.notes().forEach(n -> err.println("note: " + n));
        if (!report.ok()) {
            err.println(report.findings().size() + " problem" + (report.findings().size() == 1 ? "" : "s")
                    + " found: fix them, then run dev again (tributary validate " + options.dir() + " checks)");
            lock.closeLeavingNoTrace();
            return 1;
        }
        DevResources resources;
        try {
            resources = DevResources.load(options.dir());
        } catch (IllegalArgumentException e) {
            err.println("tributary dev: " + e.getMessage());
            lock.closeLeavingNoTrace();
            return 1;
        }
        DevConsole console = new DevConsole(out, err, terminal);
        DevRun run = new DevRun(options, resources, console);
        StopReasons.watchSignals().ifPresent(console::info);
        Thread onCtrlC = new Thread(() -> run.stop(StopReasons.why()), "tributary-dev-stop");
        Runtime.getRuntime().addShutdownHook(onCtrlC);
        exitWithParent(System.getenv(PARENT_PID_ENV));
        try {
            return run.run();
        } catch (Exception | Error e) {
            // an Error too: left to end the main thread, it would leave the broker's and Flink's threads running,
            // the generators writing, and no hook to stop them (removed below)
            if (run.stopped()) {
                return 130;
            }
            run.stop(null);
            err.println("tributary dev: " + resources.label() + " could not run: " + rootMessage(e));
            return 1;
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(onCtrlC);
            } catch (IllegalStateException exiting) {
                // the JVM is already exiting: the hook is doing the stopping
            }
        }
    }

    /**
     * Exits (stopping cleanly, as on Ctrl-C) when the process with this id ends: a test that starts dev as a child
     * process sets it, so nothing outlives a test JVM that dies.
     */
    private static void exitWithParent(String pid) {
        if (pid == null || pid.isBlank()) {
            return;
        }
        String reason = "the process that started dev (pid " + pid.strip() + ") ended";
        ProcessHandle.of(Long.parseLong(pid.strip())).ifPresentOrElse(parent -> parent.onExit()
                .thenRun(() -> StopReasons.exit(reason, 130)), () -> StopReasons.exit(reason, 130));
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t == e ? String.valueOf(e.getMessage()) : e.getMessage() + " (" + t.getMessage() + ")";
    }
}
