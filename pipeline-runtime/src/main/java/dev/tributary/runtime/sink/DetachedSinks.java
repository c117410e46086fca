package dev.tributary.runtime.sink;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.flink.api.dag.Transformation;

/**
 * Sinks a table sink adds besides the one it returns to the planner — a sink's dead-letter producer. The planner
 * keeps only what leads to the returned sink (it translates on an environment of its own), so these are held here
 * under the job's key until the job, once its statements are translated, adds them to its real environment.
 */
public final class DetachedSinks {

    private static final Map<String, List<Transformation<?>>> BY_JOB = new ConcurrentHashMap<>();

    private DetachedSinks() {
    }

    static void add(String jobKey, Transformation<?> sink) {
        BY_JOB.computeIfAbsent(jobKey, k -> new ArrayList<>()).add(sink);
    }

    /** The sinks added under {@code jobKey} since the last call, in the order they were added. */
    public static List<Transformation<?>> drain(String jobKey) {
        List<Transformation<?>> sinks = BY_JOB.remove(jobKey);
        return sinks == null ? List.of() : List.copyOf(sinks);
    }
}
