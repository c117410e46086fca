package dev.tributary.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Whether output goes to a person at a terminal, who gets a progress line redrawn in place (an ANSI erase-line), or
 * to a file, a pipe or a terminal that asked for plain output ({@code NO_COLOR}, {@code TERM=dumb}), which gets no
 * escape sequences at all. Tributary prints no colours either way.
 */
public final class Terminal {

    private static final Path STDERR = Path.of("/proc/self/fd/2");

    private Terminal() {
    }

    /** For this process: its console, where its stderr goes, and its environment. */
    public static boolean interactive() {
        return interactive(System.console() != null, stderrTarget(), System.getenv());
    }

    /**
     * @param console whether the JVM has a console (stdin and stdout are a terminal)
     * @param stderrTarget what stderr is (a path such as {@code /dev/pts/0}); null when unknown (no /proc)
     */
    static boolean interactive(boolean console, String stderrTarget, Map<String, String> env) {
        if (!console || (stderrTarget != null && !stderrTarget.startsWith("/dev/pts/")
                && !stderrTarget.startsWith("/dev/tty"))) {
            return false;
        }
        String noColor = env.get("NO_COLOR");
        return (noColor == null || noColor.isEmpty()) && !"dumb".equals(env.get("TERM"));
    }

    private static String stderrTarget() {
        try {
            return Files.readSymbolicLink(STDERR).toString();
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return null;
        }
    }
}
