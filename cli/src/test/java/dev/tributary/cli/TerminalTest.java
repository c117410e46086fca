package dev.tributary.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class TerminalTest {

    @Test
    void redrawsInPlaceOnlyForAPersonAtATerminalThatDidNotAskForPlainOutput() {
        assertThat(Terminal.interactive(true, "/dev/pts/3", Map.of("TERM", "xterm-256color"))).isTrue();
        assertThat(Terminal.interactive(true, null, Map.of())).isTrue();
        assertThat(Terminal.interactive(false, "/dev/pts/3", Map.of())).as("stdout piped").isFalse();
        assertThat(Terminal.interactive(true, "/tmp/dev.err", Map.of())).as("stderr to a file").isFalse();
        assertThat(Terminal.interactive(true, "pipe:[1234]", Map.of())).as("stderr piped").isFalse();
        assertThat(Terminal.interactive(true, "/dev/pts/3", Map.of("NO_COLOR", "1"))).isFalse();
        assertThat(Terminal.interactive(true, "/dev/pts/3", Map.of("NO_COLOR", ""))).as("empty NO_COLOR: unset")
                .isTrue();
        assertThat(Terminal.interactive(true, "/dev/tty1", Map.of("TERM", "dumb"))).isFalse();
    }
}
