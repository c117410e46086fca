package dev.tributary.cli.dev;

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

    static void watchSignals() {
        watch("INT", "Ctrl-C (SIGINT)");
        watch("TERM", "SIGTERM (another process asked dev to stop, e.g. kill or a service manager)");
        watch("HUP", "SIGHUP (the terminal closed)");
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

    private static void watch(String name, String reason) {
        try {
            Signal signal = new Signal(name);
            SignalHandler previous = Signal.handle(signal, s -> exit(reason, 128 + s.getNumber()));
            if (previous == SignalHandler.SIG_IGN) {
                // started ignoring it (nohup, a background job): keep ignoring it
                Signal.handle(signal, SignalHandler.SIG_IGN);
            }
        } catch (IllegalArgumentException unavailable) {
            // this platform has no such signal, or the JVM keeps it (-Xrs)
        }
    }
}
