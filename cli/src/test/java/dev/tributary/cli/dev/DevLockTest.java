package dev.tributary.cli.dev;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DevLockTest {

    @Test
    void oneRunAtATimeHoldsAFolderAndSaysItsProcessId(@TempDir Path dir) {
        Path state = dir.resolve(".tributary");
        Optional<DevLock> first = DevLock.tryAcquire(state);
        assertThat(first).isPresent();
        assertThat(DevLock.tryAcquire(state)).as("a second run on the folder").isEmpty();
        assertThat(DevLock.holder(state)).isEqualTo(Long.toString(ProcessHandle.current().pid()));
        first.get().close();
        Optional<DevLock> again = DevLock.tryAcquire(state);
        assertThat(again).as("free once the first run ended").isPresent();
        again.get().close();
    }
}
