package dev.tributary.api.v1alpha1;

import java.util.Map;
import java.util.TreeMap;

/**
 * The Flink settings with which a Pipeline's cluster notices a lost process and resumes sooner than with Flink's
 * defaults (measured in bench/, B6). The operator gives them to both processes unless the Pipeline's
 * {@code flinkConfiguration} sets them; {@link #FLINK_DEFAULTS} holds Flink's own value of each, for comparison.
 */
public final class FlinkRecoverySettings {

    public static final Map<String, String> SETTINGS = new TreeMap<>(Map.of(
            // A killed TaskManager's heartbeat requests fail at once (connection refused): after 2 of them
            // (heartbeat.rpc-failure-threshold) the JobManager restarts the job, so the interval bounds detection.
            // Flink's 10 s makes that 10-20 s; 500 ms makes it 0.5-1 s for two small RPCs per process a second.
            // Only a refused or reset connection fails a heartbeat RPC at once, so a slow process is not taken for
            // dead: that takes heartbeat.timeout.
            "heartbeat.interval", "500ms",
            // A TaskManager hears nothing when its JobManager dies: it waits this long before it drops the job
            // and registers with the new JobManager, which until then has no slots. Flink's 50 s is made for
            // long GC pauses of large heaps; a Pipeline's processes have a few GiB, so a process silent for 10 s is
            // broken, and a restart taken for nothing costs an exactly-once job no data.
            "heartbeat.timeout", "10s",
            // After a failed registration (the new JobManager not up yet) a TaskManager retries after this long,
            // not Flink's 10 s.
            "cluster.registration.error-delay", "1s"));

    public static final Map<String, String> FLINK_DEFAULTS = new TreeMap<>(Map.of(
            "heartbeat.interval", "10s",
            "heartbeat.timeout", "50s",
            "cluster.registration.error-delay", "10s"));

    private FlinkRecoverySettings() {
    }
}
