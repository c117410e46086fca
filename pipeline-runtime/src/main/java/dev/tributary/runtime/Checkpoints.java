package dev.tributary.runtime;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Optional;
import org.apache.flink.core.fs.FileStatus;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;

/**
 * Finds retained checkpoints: Flink writes each under {@code <checkpoint dir>/<job id>/chk-<n>}, and a checkpoint
 * is complete once its {@code _metadata} file exists. Works on any file system Flink can list (a mounted volume, or
 * an object store with its plugin).
 */
public final class Checkpoints {

    private static final String METADATA = "_metadata";

    private Checkpoints() {
    }

    /** The newest complete checkpoint under {@code directory}, of any job, by the time its metadata was written. */
    public static Optional<String> latest(String directory) {
        return newest(directory, null);
    }

    /** The newest complete checkpoint of one job ({@code directory/<jobId>/chk-<n>}). */
    public static Optional<String> latestOfJob(String directory, String jobId) {
        return newest(directory, jobId);
    }

    /**
     * The newest state one job left: its newest checkpoint or a savepoint it took (Flink names those
     * {@code savepoint-<first 6 hex of the job id>-<random>}), whichever was written last. A JobManager that restarts
     * after its job was stopped with a savepoint must not go back to the checkpoint before it.
     */
    public static Optional<String> latestStateOfJob(String checkpointDirectory, String savepointDirectory,
            String jobId) {
        Optional<String> checkpoint = newest(checkpointDirectory, jobId);
        if (savepointDirectory == null) {
            return checkpoint;
        }
        try {
            Path root = new Path(savepointDirectory);
            FileSystem fs = root.getFileSystem();
            if (!fs.exists(root)) {
                return checkpoint;
            }
            String prefix = "savepoint-" + jobId.substring(0, 6) + "-";
            Path best = null;
            long bestTime = checkpoint.isPresent() ? fs.getFileStatus(new Path(new Path(checkpoint.get()), METADATA))
                    .getModificationTime() : Long.MIN_VALUE;
            for (FileStatus savepoint : list(fs, root)) {
                Path metadata = new Path(savepoint.getPath(), METADATA);
                if (savepoint.isDir() && savepoint.getPath().getName().startsWith(prefix) && fs.exists(metadata)
                        && fs.getFileStatus(metadata).getModificationTime() > bestTime) {
                    bestTime = fs.getFileStatus(metadata).getModificationTime();
                    best = savepoint.getPath();
                }
            }
            return best == null ? checkpoint : Optional.of(best.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list savepoints under " + savepointDirectory, e);
        }
    }

    private static Optional<String> newest(String directory, String onlyJob) {
        try {
            Path root = new Path(directory);
            FileSystem fs = root.getFileSystem();
            if (!fs.exists(root)) {
                return Optional.empty();
            }
            Path best = null;
            long bestTime = Long.MIN_VALUE;
            for (FileStatus job : list(fs, root)) {
                if (!job.isDir() || onlyJob != null && !onlyJob.equals(job.getPath().getName())) {
                    continue;
                }
                for (FileStatus checkpoint : list(fs, job.getPath())) {
                    if (!checkpoint.isDir() || !checkpoint.getPath().getName().startsWith("chk-")) {
                        continue;
                    }
                    Path metadata = new Path(checkpoint.getPath(), METADATA);
                    if (!fs.exists(metadata)) {
                        continue;
                    }
                    long time = fs.getFileStatus(metadata).getModificationTime();
                    if (time > bestTime) {
                        bestTime = time;
                        best = checkpoint.getPath();
                    }
                }
            }
            return Optional.ofNullable(best).map(Path::toString);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list checkpoints under " + directory, e);
        }
    }

    private static FileStatus[] list(FileSystem fs, Path path) throws IOException {
        FileStatus[] statuses = fs.listStatus(path);
        return statuses == null ? new FileStatus[0] : statuses;
    }
}
