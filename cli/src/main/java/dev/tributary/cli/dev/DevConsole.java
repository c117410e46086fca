package dev.tributary.cli.dev;

import java.io.PrintStream;

/**
 * What dev prints: results and messages on stdout, one line each, and a progress line on stderr that is redrawn
 * in place on a terminal and printed every few seconds otherwise.
 */
final class DevConsole {

    private static final long PLAIN_PROGRESS_EVERY_MS = 5000;
    private static final String CLEAR_LINE = "\r\033[K";

    private final PrintStream out;
    private final PrintStream err;
    private final boolean terminal;
    private String progress = "";
    private long lastPlainProgress;

    DevConsole(PrintStream out, PrintStream err, boolean terminal) {
        this.out = out;
        this.err = err;
        this.terminal = terminal;
    }

    synchronized void info(String line) {
        clearProgress();
        out.println(line);
        out.flush();
        redrawProgress();
    }

    synchronized void result(String sink, String record) {
        info("[" + sink + "] " + record);
    }

    synchronized void progress(String line) {
        progress = line;
        if (terminal) {
            err.print(CLEAR_LINE + line);
            err.flush();
        } else if (System.currentTimeMillis() - lastPlainProgress >= PLAIN_PROGRESS_EVERY_MS) {
            lastPlainProgress = System.currentTimeMillis();
            err.println(line);
        }
    }

    /** Ends the progress display, leaving its last state on its own line. */
    synchronized void endProgress() {
        if (!progress.isEmpty()) {
            if (terminal) {
                err.println();
            } else {
                err.println(progress);
            }
            progress = "";
        }
    }

    private void clearProgress() {
        if (terminal && !progress.isEmpty()) {
            err.print(CLEAR_LINE);
            err.flush();
        }
    }

    private void redrawProgress() {
        if (terminal && !progress.isEmpty()) {
            err.print(progress);
            err.flush();
        }
    }
}
