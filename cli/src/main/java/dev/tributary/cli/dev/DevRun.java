package dev.tributary.cli.dev;

import dev.tributary.api.plan.CheckpointPlan;
import dev.tributary.api.plan.KafkaConnectionPlan;
import dev.tributary.api.plan.PipelinePlan;
import dev.tributary.api.plan.PlanResolver;
import dev.tributary.api.plan.SinkPlan;
import dev.tributary.api.plan.SourcePlan;
import dev.tributary.local.FreePorts;
import dev.tributary.local.KafkaBroker;
import dev.tributary.operator.topic.admin.KafkaTopicAdmin;
import dev.tributary.runtime.Checkpoints;
import dev.tributary.runtime.PipelineJob;
import dev.tributary.runtime.PipelineRunner;
import dev.tributary.runtime.RuntimeOptions;
import dev.tributary.runtime.source.SourceTables;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.core.execution.JobClient;
import org.apache.kafka.clients.admin.Admin;

/**
 * One {@code tributary dev} run: the broker, the topics, the plan as the operator resolves it (pointed at local
 * stand-ins), the runtime on a MiniCluster, the generators, the printers and the progress line; then a clean stop
 * that keeps the state for the next run.
 */
final class DevRun {

    /** Checkpoints come at least this often in dev, so results show (and commit) quickly. */
    static final long DEV_CHECKPOINT_INTERVAL_MS = 2000;
    private static final long TICK_MS = 500;
    private static final Duration CATCH_UP_LIMIT = Duration.ofMinutes(2);

    private final DevOptions options;
    private final DevResources resources;
    private final DevConsole console;
    private final DevState state;
    private final AtomicBoolean stopped = new AtomicBoolean();
    private KafkaBroker broker;
    private LocalSinks sinks;
    private GeneratedSources generators;
    private LocalIngest ingest;
    private PipelineProbe probe;
    private DevAutoscaler autoscaler;
    private CommittedTail deadLetters;
    private final DeadLetterReasons deadLetterReasons;
    private String deadLetterTopic;
    private boolean rejectionShown;
    private boolean deadLetterHintShown;
    private RestartCauses restartCauses;
    private JobClient job;
    private final AttemptTotals totals = new AttemptTotals();
    private PipelineMetrics last = PipelineMetrics.NONE;
    private long started;

    DevRun(DevOptions options, DevResources resources, DevConsole console) {
        this.options = options;
        this.resources = resources;
        this.console = console;
        this.state = DevState.in(options.dir());
        this.deadLetterReasons = new DeadLetterReasons(this::newDeadLetterReason);
    }

    /** Runs until the limits given, or until {@link #stop(String)}; returns the exit code. */
    int run() throws Exception {
        started = System.nanoTime();
        console.info("dev: " + resources.label() + " from " + options.dir() + ", state in " + state.root());
        startBroker();
        Map<String, Object> kafka = broker.clientConfig();
        try (Admin admin = broker.admin()) {
            LocalTopics.apply(LocalTopics.declared(resources),
                    new KafkaTopicAdmin(admin, broker.bootstrapServers(), Duration.ofSeconds(30)))
                    .forEach(line -> console.info("topics: " + line));
        }
        sinks = new LocalSinks(state, console);
        PipelinePlan plan = localPlan(PlanResolver.resolve(resources.pipeline(), resources.sources(),
                resources.sinks(), KafkaConnectionPlan.plaintext(broker.bootstrapServers()), state.stateUri()), kafka);
        sinks.notes().forEach(note -> console.info("sinks: " + note));

        Optional<String> restore = Checkpoints.latest(plan.checkpoints().directory());
        console.info(restore.map(path -> "checkpoint: resuming from " + path)
                .orElse("checkpoint: none under " + plan.checkpoints().directory() + ", starting fresh"));
        int parallelism = options.parallelism() != null ? options.parallelism()
                : Math.min(plan.parallelism().initial(), DevOptions.DEFAULT_MAX_PARALLELISM);
        int restPort = FreePorts.next();
        int metricsPort = FreePorts.next();
        RuntimeOptions runtime = new RuntimeOptions(state.root().resolve("plan.json"), restore.orElse(null), false,
                parallelism, state.secretsDir(), String.valueOf(metricsPort), restPort, null,
                RuntimeOptions.DEFAULT_MAX_RECORD_BYTES, null);
        PipelineJob prepared;
        try {
            prepared = PipelineRunner.prepare(plan, runtime);
        } catch (PipelineRunner.RefusedException e) {
            console.info("tributary dev: " + e.getMessage());
            return 1;
        }
        sinks.watch(prepared.sinkTables());
        if (plan.deadLetterTopic() != null) {
            deadLetterTopic = plan.deadLetterTopic();
            deadLetters = new CommittedTail("count-dead-letters", deadLetterTopic, kafka,
                    record -> deadLetterReasons.add(record.headers(), record.value()));
        }
        job = prepared.start();
        restartCauses = new RestartCauses(restPort, job.getJobID().toString());
        console.info("flink: job " + job.getJobID() + " on a MiniCluster, parallelism " + parallelism
                + " (the Pipeline asks for " + plan.parallelism().initial() + "), checkpoints every "
                + plan.checkpoints().intervalMs() / 1000.0 + "s");
        console.info("flink: web UI http://127.0.0.1:" + restPort + "  metrics http://127.0.0.1:" + metricsPort
                + "/metrics");
        probe = new PipelineProbe(metricsPort, kafka, SourceTables.groupId(plan.namespace(), plan.name()),
                plan.sources().stream().map(SourcePlan::topic).toList());
        autoscaler = new DevAutoscaler(resources.pipeline(), plan, resources.sources().values());
        generators = new GeneratedSources(state);
        generators.start(plan.sources(), resources.sources(), kafka, options)
                .forEach(line -> console.info("generator: " + line));
        ingest = new LocalIngest(state);
        ingest.start(resources.sources().values(), broker.bootstrapServers())
                .forEach(line -> console.info("ingest: " + line));
        return watch();
    }

    private int watch() throws Exception {
        long deadline = options.duration() == null ? Long.MAX_VALUE : System.nanoTime() + options.duration().toNanos();
        long generatedAt = -1;
        long caughtUpAtCheckpoint = -1;
        while (!stopped.get()) {
            last = totals.add(probe.metrics());
            long lag = probe.lag();
            restartCauses.next().ifPresent(cause -> console.info("flink: the job failed, Flink restarts it: " + cause));
            showFirstRejection();
            console.progress(progressLine(last, lag));
            autoscaler.observe(java.time.Instant.now(), lag, last.recordsIn()).ifPresent(console::info);
            JobStatus status = job.getJobStatus().get(10, TimeUnit.SECONDS);
            if (status.isGloballyTerminalState()) {
                return finish("the job ended with status " + status + " (see the log above)", 1);
            }
            String failure = generators.failure();
            if (failure != null) {
                return finish(failure, 1);
            }
            if (System.nanoTime() > deadline) {
                return finish("ran for " + options.duration().toSeconds() + "s", healthy());
            }
            if (options.maxRecords() != null && generators.done()) {
                generatedAt = generatedAt < 0 ? System.nanoTime() : generatedAt;
                if (lag == 0 && last.completedCheckpoints() >= 0) {
                    if (caughtUpAtCheckpoint < 0) {
                        caughtUpAtCheckpoint = last.completedCheckpoints();
                    } else if (last.completedCheckpoints() > caughtUpAtCheckpoint) {
                        return finishBounded();
                    }
                }
                if (System.nanoTime() - generatedAt > CATCH_UP_LIMIT.toNanos()) {
                    return finish("the pipeline did not read and checkpoint the generated records within "
                            + CATCH_UP_LIMIT.toMinutes() + " minutes (lag " + lag + ")", 1);
                }
            }
            Thread.sleep(TICK_MS);
        }
        return 130;
    }

    private int healthy() {
        return last.restarts() > 0 ? 1 : 0;
    }

    /** The end of a --max-records run: a success only when something useful happened (RunVerdict). */
    private int finishBounded() {
        stop(null);
        List<String> reasons = RunVerdict.reasons(generators.produced(), generators.rejected(),
                generators.firstRejection(), last.recordsIn(), last.recordsOut(), deadLetters(),
                options.maxDeadLetterPercent());
        if (reasons.isEmpty()) {
            return finish("all " + generators.produced() + " generated records read and checkpointed", healthy());
        }
        return finish(String.join("; ", reasons), 1);
    }

    /** Says at once when the broker refuses a generated record; the count follows in the progress line. */
    private void showFirstRejection() {
        if (!rejectionShown && generators.rejected() > 0) {
            rejectionShown = true;
            console.info("generator: the broker refused a record (" + generators.firstRejection() + "); refused"
                    + " records are counted in the progress line");
        }
    }

    private String progressLine(PipelineMetrics m, long lag) {
        long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started);
        long refused = generators.rejected();
        int reasons = deadLetterReasons.counts().size();
        return String.format("generated %d%s · in %d · out %d · lag %s · late %d · dead letters %d%s · checkpoints %d"
                + " · restarts %d · %ds", generators.produced(), refused == 0 ? "" : " (" + refused + " refused by"
                + " the broker)", m.recordsIn(), m.recordsOut(), lag < 0 ? "?" : Long.toString(lag), m.lateRecords(),
                deadLetters(), reasons == 0 ? "" : " (" + reasons + (reasons == 1 ? " reason)" : " reasons)"),
                Math.max(0, m.completedCheckpoints()), Math.max(0, m.restarts()), seconds);
    }

    /** Dead letters committed since this run started, over all attempts of the job (failed attempts' are aborted). */
    private long deadLetters() {
        return deadLetters == null ? 0 : deadLetters.count();
    }

    /**
     * The plan as the operator resolves it, with sinks pointed at local stand-ins, checkpoints in the state folder
     * (an object store's too) and quicker.
     */
    private PipelinePlan localPlan(PipelinePlan plan, Map<String, Object> kafka) {
        List<SinkPlan> localSinks = plan.sinks().stream().map(s -> sinks.local(s, kafka)).toList();
        CheckpointPlan c = plan.checkpoints();
        if (c.inObjectStore()) {
            CheckpointPlan local = c.onVolume(state.stateUri());
            console.info("checkpoint: the Pipeline keeps them in " + c.directory() + "; dev keeps them in "
                    + local.directory() + " instead");
            c = local;
        }
        CheckpointPlan checkpoints = new CheckpointPlan(Math.min(c.intervalMs(), DEV_CHECKPOINT_INTERVAL_MS),
                c.timeoutMs(), c.guarantee(), c.directory(), c.savepointDirectory(), c.retained(), null);
        return new PipelinePlan(plan.version(), plan.namespace(), plan.name(), plan.kafka(), plan.sources(),
                localSinks, plan.sql(), checkpoints, plan.deadLetterTopic(), plan.parallelism(),
                plan.flinkConfiguration());
    }

    private void startBroker() {
        int port = (int) state.get("kafka.port", 0);
        int controllerPort = (int) state.get("kafka.controllerPort", 0);
        if (port == 0 || !free(port) || !free(controllerPort)) {
            port = FreePorts.next();
            controllerPort = FreePorts.next();
        }
        broker = KafkaBroker.start(state.kafkaDir(), port, controllerPort, Map.of());
        state.put("kafka.port", port);
        state.put("kafka.controllerPort", controllerPort);
        state.save();
        console.info("kafka: KRaft broker on " + broker.bootstrapServers() + " (data in " + state.kafkaDir() + ")");
    }

    private static boolean free(int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Ends the run with a summary line; returns {@code code}. */
    private int finish(String why, int code) {
        stop(null);
        showDeadLetterReasons();
        String restarts = last.restarts() > 0 ? ", but the job restarted " + last.restarts() + " times (see the"
                + " errors above)" : "";
        console.info((code == 0 ? "done: " : "failed: ") + why + restarts + "; " + summary());
        return code;
    }

    private void showDeadLetterReasons() {
        if (deadLetterReasons.total() == 0) {
            return;
        }
        console.info("dead letters: " + deadLetterReasons.total() + " in " + deadLetterTopic + ", by reason:");
        deadLetterReasons.summary().forEach(console::info);
    }

    private void newDeadLetterReason(String reasonAndExample) {
        if (!deadLetterHintShown) {
            deadLetterHintShown = true;
            console.info("dead letters: each with its reason in the header tributary.error; while dev runs: kcat -C -b "
                    + broker.bootstrapServers() + " -t " + deadLetterTopic + " -f '%h\\n%s\\n\\n' -e");
        }
        console.info("dead letters: new reason, " + reasonAndExample);
    }

    private String summary() {
        StringBuilder s = new StringBuilder();
        s.append(last.recordsIn()).append(" records in, ").append(last.recordsOut()).append(" out");
        if (sinks != null) {
            sinks.watchers().forEach(w -> s.append(", ").append(w.sink()).append(' ').append(w.printed())
                    .append(" printed"));
        }
        s.append(", ").append(Math.max(0, last.completedCheckpoints())).append(" checkpoints, ")
                .append(Math.max(0, last.restarts())).append(" restarts, ").append(last.lateRecords())
                .append(" late, ").append(deadLetters()).append(" dead letters. State kept in ")
                .append(state.root()).append(": the next run resumes (delete it to start over)");
        return s.toString();
    }

    boolean stopped() {
        return stopped.get();
    }

    /**
     * Stops everything once, in order: generators (their topics say where they are), the job (its checkpoints are
     * retained), the printers and the dead-letter count after a last look, PostgreSQL, the broker. Safe from a
     * shutdown hook.
     *
     * @param why printed when not null: what stopped the run (a signal)
     */
    void stop(String why) {
        if (!stopped.compareAndSet(false, true)) {
            return;
        }
        if (ingest != null) {
            ingest.close();
        }
        if (generators != null) {
            generators.close();
        }
        if (job != null) {
            try {
                last = totals.add(probe.metrics());
                job.cancel().get(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                console.info("flink: could not cancel the job cleanly: " + e.getMessage());
            }
        }
        console.endProgress();
        if (sinks != null) {
            sinks.close();
        }
        if (deadLetters != null) {
            deadLetters.close();
        }
        if (probe != null) {
            probe.close();
        }
        if (broker != null) {
            broker.close();
        }
        if (why != null) {
            showDeadLetterReasons();
            console.info("stopped: " + why + "; " + summary());
        }
    }
}
