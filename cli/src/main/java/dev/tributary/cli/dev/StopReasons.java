package dev.tributary.cli.dev;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * What made dev stop, for its last line: the JVM's shutdown hooks do not say which signal ended the process, so
 * dev notes it before exiting as the JVM would (exit code 128 + the signal's number).
 */
final class StopReasons {

    private static final AtomicReference<String> REASON = new AtomicReference<>();

    private StopReasons() {
    }

    /**
     * Notes the stop signals as they arrive. Returns a line to show when this process was started with SIGINT or
     * SIGTERM ignored (a background job of a script, nohup, a parent that ignores them): the JVM keeps such a
     * signal ignored whatever handler is installed, so it cannot stop dev, and nothing else would say so.
     */
    static Optional<String> watchSignals() {
        List<String> ignored = new ArrayList<>();
        if (!watch("INT", "Ctrl-C (SIGINT)")) {
            ignored.add("SIGINT");
        }
        if (!watch("TERM", "SIGTERM (another process asked dev to stop, e.g. kill or a service manager)")) {
            ignored.add("SIGTERM");
        }
        watch("HUP", "SIGHUP (the terminal closed)");
        return unstoppableBy(ignored, ProcessHandle.current().pid());
    }

    /** The line saying which stop signals cannot reach dev and how to stop it instead; empty when all can. */
    static Optional<String> unstoppableBy(List<String> ignored, long pid) {
        if (ignored.isEmpty()) {
            return Optional.empty();
        }
        boolean term = ignored.contains("SIGTERM");
        String what = !term ? "Ctrl-C cannot" : ignored.contains("SIGINT") ? "neither Ctrl-C nor kill can"
                : "kill (SIGTERM) cannot";
        String how = term ? "kill -KILL " + pid + " (the next run still carries on from the topics and the last"
                + " checkpoint)" : "kill " + pid + " (SIGTERM)";
        return Optional.of("signals: " + what + " stop this run: the process was started ignoring "
                + String.join(" and ", ignored) + " (as a background job of a script, or under nohup), which Java"
                + " cannot undo; stop it with " + how);
    }

    /** Why the process is stopping: the signal noted, or that the JVM is exiting for some other reason. */
    static String why() {
        String reason = REASON.get();
        return reason != null ? reason : "the JVM is shutting down (System.exit or the last thread ended)";
    }

    static void exit(String reason, int code) {
        REASON.compareAndSet(null, reason);
        System.exit(code);
    }

    /** Handles the signal; false when the process started ignoring it, so it stays ignored. */
    private static boolean watch(String name, String reason) {
        try {
            Signal signal = new Signal(name);
            SignalHandler previous = Signal.handle(signal, s -> exit(reason, 128 + s.getNumber()));
            if (previous == SignalHandler.SIG_IGN) {
                // the JVM refuses to handle a signal ignored from the start: leave it plainly ignored
                Signal.handle(signal, SignalHandler.SIG_IGN);
                return false;
            }
            return true;
        } catch (IllegalArgumentException unavailable) {
            // this platform has no such signal, or the JVM keeps it (-Xrs)
            return true;
        }
    }
}
