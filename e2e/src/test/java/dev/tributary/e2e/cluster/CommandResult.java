package dev.tributary.e2e.cluster;

import java.time.Duration;
import java.util.List;

/** What a finished command left: its exit code, everything it printed, and how long it took. */
public record CommandResult(List<String> command, int exitCode, String stdout, String stderr, Duration duration) {

    public boolean succeeded() {
        return exitCode == 0;
    }

    /** A readable account for assertion messages. */
    public String describe() {
        return "$ " + String.join(" ", command) + "\nexit " + exitCode + " after " + duration.toMillis() + " ms"
                + "\n--- stdout ---\n" + stdout + "\n--- stderr ---\n" + stderr;
    }
}
