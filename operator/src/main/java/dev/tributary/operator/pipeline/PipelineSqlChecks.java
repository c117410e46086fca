package dev.tributary.operator.pipeline;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.tributary.api.v1alpha1.Pipeline;
import dev.tributary.api.v1alpha1.Sink;
import dev.tributary.api.v1alpha1.Source;
import dev.tributary.api.validation.Problem;
import dev.tributary.sqlcheck.SqlChecker;
import jakarta.annotation.PreDestroy;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import org.jboss.logging.Logger;

/**
 * A Pipeline's SQL planned by Flink against the declared schemas of its Sources and Sinks — the check
 * {@code tributary validate} makes — off the reconcile thread: one planning at a time on a thread of its own (a
 * planning takes about a second and a good part of the heap), its outcome kept by a hash of everything the planner
 * reads, so the SQL is planned again only when the SQL, the names or a schema changed. A reconcile that finds the
 * planning still under way asks again shortly.
 */
@ApplicationScoped
public class PipelineSqlChecks {

    private static final Logger LOG = Logger.getLogger(PipelineSqlChecks.class);
    private static final ObjectMapper CANONICAL = new ObjectMapper()
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

    /**
     * Outcomes kept, a few hundred bytes each. More than the Pipelines one operator manages: every resync asks for
     * every Pipeline's outcome in turn, so a bound below their count (it was 256) pushed each one out before its next
     * turn and planned every Pipeline again on every resync (bench B5, 1,000 Pipelines).
     */
    static final int KEPT = 16_384;
    /** An unexpected planner failure is tried again after this long. */
    static final Duration RETRY_FAILED = Duration.ofSeconds(30);

    /** What the check says of a Pipeline's SQL. */
    public sealed interface Outcome {
    }

    /** The planning is under way (or queued): ask again shortly. */
    public record Planning() implements Outcome {
    }

    /** Planned: the problems found, none when the SQL is fine. */
    public record Checked(List<Problem> problems) implements Outcome {
    }

    /** The planner failed in a way that says nothing about the SQL (a bug or the operator's environment). */
    public record Failed(String message) implements Outcome {
    }

    /** The planner, as a function: Flink's in the operator, a fake in tests of this orchestration. */
    public interface Planner {
        List<Problem> plan(Pipeline pipeline, Map<String, Source> sources, Map<String, Sink> sinks);
    }

    private record Kept(Outcome outcome, Instant at) {
    }

    private static final Planning PLANNING = new Planning();

    private final Planner planner;
    private final Executor executor;
    private final Clock clock;
    private final Map<String, Kept> outcomes = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Kept> eldest) {
            return size() > KEPT;
        }
    };
    private final Set<String> planning = new HashSet<>();

    @Inject
    public PipelineSqlChecks() {
        this((pipeline, sources, sinks) -> SqlChecker.check(pipeline, sources, sinks).problems(),
                Executors.newSingleThreadExecutor(runnable -> {
                    Thread thread = new Thread(runnable, "tributary-sql-check");
                    thread.setDaemon(true);
                    return thread;
                }), Clock.systemUTC());
    }

    PipelineSqlChecks(Planner planner, Executor executor, Clock clock) {
        this.planner = planner;
        this.executor = executor;
        this.clock = clock;
    }

    /**
     * Loads Flink's planner before the first Pipeline needs it: cold, under load, the first planning takes over a
     * minute (class loading, the planner's jar unpacked), while the Pipeline's Sources and Sinks get ready anyway.
     */
    void warmUp(@Observes StartupEvent event) {
        Pipeline pipeline = Serialization.unmarshal("""
                kind: Pipeline
                metadata: {name: warm-up}
                spec: {sources: [warm_in], sinks: [warm_out], sql: INSERT INTO warm_out SELECT a FROM warm_in}
                """, Pipeline.class);
        String schema = "spec: {schema: {fields: [{name: a, type: STRING}]}}";
        Map<String, Source> sources = Map.of("warm_in", Serialization.unmarshal(schema, Source.class));
        Map<String, Sink> sinks = Map.of("warm_out", Serialization.unmarshal(schema, Sink.class));
        executor.execute(() -> {
            try {
                planner.plan(pipeline, sources, sinks);
            } catch (Throwable e) { // NOSONAR: the first real planning reports it in the Pipeline's status
                LOG.warnf(e, "Flink's planner failed to warm up");
            }
        });
    }

    /** The outcome for these inputs if it is known; otherwise the planning is started (once) and this says so. */
    public Outcome outcome(Pipeline pipeline, Map<String, Source> sources, Map<String, Sink> sinks) {
        String key = key(pipeline, sources, sinks);
        synchronized (this) {
            Kept kept = outcomes.get(key);
            boolean retry = kept != null && kept.outcome() instanceof Failed
                    && !clock.instant().isBefore(kept.at().plus(RETRY_FAILED));
            if (kept != null && !retry) {
                return kept.outcome();
            }
            if (!planning.add(key)) {
                return PLANNING;
            }
        }
        try {
            executor.execute(() -> plan(key, pipeline, sources, sinks));
        } catch (RejectedExecutionException e) {
            synchronized (this) {
                planning.remove(key);
            }
            return new Failed("The SQL check could not be started (the operator is shutting down).");
        }
        return PLANNING;
    }

    private void plan(String key, Pipeline pipeline, Map<String, Source> sources, Map<String, Sink> sinks) {
        Outcome outcome;
        try {
            outcome = new Checked(List.copyOf(planner.plan(pipeline, sources, sinks)));
        } catch (Throwable e) { // NOSONAR: whatever the planner throws (even a LinkageError) must become a status
            LOG.warnf(e, "Flink's planner failed unexpectedly on the SQL of Pipeline %s/%s",
                    pipeline.getMetadata().getNamespace(), pipeline.getMetadata().getName());
            outcome = new Failed("Flink's planner failed unexpectedly while checking spec.sql (" + describe(e)
                    + "); nothing is deployed until the check succeeds. It is tried again every "
                    + RETRY_FAILED.toSeconds() + "s; if this persists, report it with the operator's log.");
        }
        synchronized (this) {
            outcomes.put(key, new Kept(outcome, clock.instant()));
            planning.remove(key);
        }
    }

    private static String describe(Throwable e) {
        String message = e.getMessage() == null ? "" : e.getMessage().lines().findFirst().orElse("").strip();
        return e.getClass().getSimpleName() + (message.isEmpty() ? "" : ": " + message);
    }

    /** A hash of everything the planner reads: the SQL, the names, each schema and each sink's upsert key. */
    static String key(Pipeline pipeline, Map<String, Source> sources, Map<String, Sink> sinks) {
        Map<String, Object> inputs = new TreeMap<>();
        inputs.put("sql", pipeline.getSpec().sql);
        inputs.put("sources", pipeline.getSpec().sources);
        inputs.put("sinks", pipeline.getSpec().sinks);
        Map<String, Object> sourceSchemas = new TreeMap<>();
        sources.forEach((name, source) -> sourceSchemas.put(name, source.getSpec().schema));
        inputs.put("sourceSchemas", sourceSchemas);
        Map<String, Object> sinkSchemas = new TreeMap<>();
        sinks.forEach((name, sink) -> sinkSchemas.put(name, Arrays.asList(sink.getSpec().schema,
                SqlChecker.upsertKey(sink))));
        inputs.put("sinkSchemas", sinkSchemas);
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(CANONICAL.writeValueAsString(inputs).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (JsonProcessingException | NoSuchAlgorithmException e) {
            throw new IllegalStateException("cannot hash the inputs of the SQL check", e);
        }
    }

    @PreDestroy
    void stop() {
        if (executor instanceof ExecutorService service) {
            service.shutdownNow();
        }
    }
}
