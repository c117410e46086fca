package dev.tributary.operator.testing;

import dev.tributary.api.v1alpha1.Pipeline;
import dev.tributary.operator.flink.FlinkJob;
import dev.tributary.operator.flink.FlinkJobs;
import dev.tributary.operator.flink.FlinkUnreachableException;
import dev.tributary.operator.flink.SavepointProgress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Flink as the operator sees it, with the answers a test sets and every request recorded in {@link #calls}. A stop
 * request is known to Flink (its progress is {@link #progress}) once it was sent, or once a test says so in
 * {@link #sent}.
 */
public final class FakeFlink implements FlinkJobs {

    public final List<String> calls = new ArrayList<>();
    public final Set<String> sent = new HashSet<>();
    public volatile FlinkJob job;
    public volatile SavepointProgress progress = SavepointProgress.inProgress();
    public volatile String latestSavepoint;
    /** Every request fails as a JobManager that does not answer. */
    public volatile boolean unreachable;
    /** Only stop requests fail so. */
    public volatile boolean refuseStops;

    @Override
    public synchronized Optional<FlinkJob> job(Pipeline pipeline) {
        calls.add("job");
        check();
        return Optional.ofNullable(job);
    }

    @Override
    public synchronized void stopWithSavepoint(Pipeline pipeline, String jobId, String triggerId) {
        calls.add("stop " + jobId + " " + triggerId);
        check();
        if (refuseStops) {
            throw new FlinkUnreachableException("the JobManager refused the stop request");
        }
        sent.add(triggerId);
    }

    @Override
    public synchronized SavepointProgress savepoint(Pipeline pipeline, String jobId, String triggerId) {
        calls.add("savepoint " + triggerId);
        check();
        return sent.contains(triggerId) ? progress : SavepointProgress.unknown();
    }

    @Override
    public synchronized Optional<String> savepointSince(Pipeline pipeline, String jobId, Instant since) {
        calls.add("savepoint since " + since);
        check();
        return Optional.ofNullable(latestSavepoint);
    }

    public synchronized List<String> stops() {
        return calls.stream().filter(c -> c.startsWith("stop")).toList();
    }

    private void check() {
        if (unreachable) {
            throw new FlinkUnreachableException("the JobManager at http://127.0.0.1:1 does not answer");
        }
    }

    /** A job with no restarts, errors or checkpoints. */
    public static FlinkJob job(String id, String state, String planHash, Instant started) {
        return new FlinkJob(id, state, started, 0, null, null, null, planHash, null, null);
    }
}
