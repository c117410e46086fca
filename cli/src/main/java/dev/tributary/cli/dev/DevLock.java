package dev.tributary.cli.dev;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * An operating-system lock on {@code DIR/.tributary/lock}, held for the whole of a {@code dev} run, so a second run
 * on the same folder stops at once instead of starting a second broker on the same data. The operating system
 * releases it when the process ends, however it ends (also on SIGKILL); the file keeps the holder's process id.
 */
final class DevLock implements AutoCloseable {

    private final Path stateDir;
    private final boolean createdStateDir;
    private final FileChannel channel;
    private final FileLock lock;

    private DevLock(Path stateDir, boolean createdStateDir, FileChannel channel, FileLock lock) {
        this.stateDir = stateDir;
        this.createdStateDir = createdStateDir;
        this.channel = channel;
        this.lock = lock;
    }

    /** The lock on {@code stateDir}; empty when another process (or another run in this JVM) holds it. */
    static Optional<DevLock> tryAcquire(Path stateDir) {
        Path file = stateDir.resolve("lock");
        boolean created = !Files.isDirectory(stateDir);
        try {
            Files.createDirectories(stateDir);
            FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException heldInThisJvm) {
                lock = null;
            }
            if (lock == null) {
                channel.close();
                return Optional.empty();
            }
            channel.truncate(0);
            channel.write(ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.UTF_8)), 0);
            channel.force(false);
            return Optional.of(new DevLock(stateDir, created, channel, lock));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot lock " + file + ": " + e.getMessage(), e);
        }
    }

    /** The process id the holder wrote into the lock file, or "unknown". */
    static String holder(Path stateDir) {
        try {
            String pid = Files.readString(stateDir.resolve("lock"), StandardCharsets.UTF_8).strip();
            return pid.matches("\\d+") ? pid : "unknown";
        } catch (IOException e) {
            return "unknown";
        }
    }

    /** Releases the lock; when taking it created the state folder and nothing else was put there, removes it. */
    void closeLeavingNoTrace() {
        close();
        if (createdStateDir) {
            try {
                Files.deleteIfExists(stateDir.resolve("lock"));
                Files.deleteIfExists(stateDir);
            } catch (IOException notEmptyOrGone) {
                // something else is in it now: keep it
            }
        }
    }

    @Override
    public void close() {
        try {
            lock.release();
            channel.close();
        } catch (IOException e) {
            // the process is ending; the operating system releases the lock anyway
        }
    }
}
