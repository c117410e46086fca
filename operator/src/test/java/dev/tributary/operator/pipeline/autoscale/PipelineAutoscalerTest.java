package dev.tributary.operator.pipeline.autoscale;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.api.plan.KafkaConnectionPlan;
import dev.tributary.api.plan.PipelinePlan;
import dev.tributary.api.plan.PlanResolver;
import dev.tributary.api.v1alpha1.AutoscalerStatus;
import dev.tributary.api.v1alpha1.Condition;
import dev.tributary.api.v1alpha1.JobStatus;
import dev.tributary.api.v1alpha1.Pipeline;
import dev.tributary.api.v1alpha1.PipelineStatus;
import dev.tributary.api.v1alpha1.Sink;
import dev.tributary.api.v1alpha1.Source;
import dev.tributary.operator.testing.RecordedEvents;
import dev.tributary.operator.flink.FlinkUnreachableException;
import dev.tributary.operator.flink.JobLoad;
import dev.tributary.operator.flink.JobLoads;
import dev.tributary.operator.pipeline.scaling.AutoscalerTuning;
import dev.tributary.operator.topic.admin.ConsumerLag;
import dev.tributary.operator.topic.admin.KafkaUnavailableException;
import dev.tributary.operator.topic.admin.TopicAdmin;
import dev.tributary.operator.topic.plan.DesiredTopic;
import dev.tributary.operator.topic.plan.ObservedTopic;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.micrometer.prometheus.PrometheusConfig;
import io.prometheus.client.CollectorRegistry;
import io.micrometer.prometheus.PrometheusMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The operator side of the autoscaler against hand-written fakes of Kafka, Flink and the event recorder. */
class PipelineAutoscalerTest {

    private static final Instant T0 = Instant.parse("2026-12-04T12:00:00Z");
    private static final AutoscalerTuning TUNING = new AutoscalerTuning(Duration.ofSeconds(5), Duration.ofSeconds(5),
            Duration.ofSeconds(30), Duration.ofHours(1), Duration.ofSeconds(10));

    private static final Duration RETRY = Duration.ofSeconds(30);

    private final FakeKafka kafka = new FakeKafka();
    private final FakeFlink flink = new FakeFlink();
    private final RecordedEvents events = new RecordedEvents();
    private final PrometheusMeterRegistry registry = registry();
    private final MovableClock clock = new MovableClock();
    private final PipelineAutoscaler autoscaler = autoscaler();

    @Test
    void aBacklogScalesUpWithinThePartitionsAndMaxRecordsAnEventAndNeverTouchesTheSpec() {
        Pipeline pipeline = pipeline("{initial: 1, min: 1, max: 4}", true);
        String spec = Serialization.asJson(pipeline.getSpec());
        kafka.lag = new ConsumerLag(0, 0, 6, 0);
        assertThat(autoscaler.observe(pipeline, plan(pipeline), status(), 1, observed())).as("every poll period")
                .contains(RETRY);
        PipelineStatus first = lastStatus;
        assertThat(first.autoscaler.desiredReplicas).isEqualTo(1);
        assertThat(first.autoscaler.reason).startsWith("measuring the input and processing rates over 10 s");

        clock.at = T0.plusSeconds(10);
        kafka.lag = new ConsumerLag(90_000, 10_000, 6, 0); // 10,000 rec/s in, 1,000 rec/s processed
        Optional<Duration> next = autoscaler.observe(pipeline, plan(pipeline), status(), 1, observed());
        PipelineStatus status = lastStatus;
        assertThat(next).contains(PipelineAutoscaler.APPLY_SOON);
        // 4 readers of 6 partitions leave one with 2, as 3 readers do: 3 is the even count within max 4
        assertThat(status.autoscaler.desiredReplicas).isEqualTo(3);
        assertThat(status.autoscaler.reason).contains("lag 80 s > target 10 s at 10,000 rec/s in")
                .contains("3 TaskManagers are the most that help").doesNotContain("∞");
        assertThat(status.autoscaler.lastScaleTime).isEqualTo("2026-12-04T12:00:10Z");
        assertThat(scaling(status)).satisfies(c -> {
            assertThat(c.status).isEqualTo("True");
            assertThat(c.reason).isEqualTo(ScalingConditions.ACTIVE);
        });
        assertThat(events.recorded).containsExactly("Normal ScaledUp from 1 to 3 TaskManagers: "
                + status.autoscaler.reason);
        assertThat(gauge(AutoscalerMetrics.DESIRED)).isEqualTo(3.0);
        assertThat(registry.get(AutoscalerMetrics.DECISIONS).tag("direction", "up").counter().count()).isEqualTo(1.0);
        assertThat(Serialization.asJson(pipeline.getSpec())).isEqualTo(spec);
    }

    @Test
    void aRestartedOperatorKnowsTheLastScaleTimeFromTheStatusAndWaitsOutTheRestart() {
        Pipeline pipeline = pipeline("{initial: 1, min: 1, max: 4}", true);
        pipeline.setStatus(new PipelineStatus());
        pipeline.getStatus().autoscaler = new AutoscalerStatus();
        pipeline.getStatus().autoscaler.lastScaleTime = T0.plusSeconds(8).toString();
        kafka.lag = new ConsumerLag(0, 0, 6, 0);
        poll(pipeline, 2);
        clock.at = T0.plusSeconds(10);
        kafka.lag = new ConsumerLag(90_000, 10_000, 6, 0);
        PipelineStatus status = poll(pipeline, 2);
        assertThat(status.autoscaler.desiredReplicas).isEqualTo(2);
        assertThat(status.autoscaler.reason).contains("ignoring the restart's lag until 2026-12-04T12:00:18Z");
        assertThat(events.recorded).isEmpty();
    }

    @Test
    void aRestartedOperatorCountsAScaleUpAfterTheScaleDownInTheStatusAsAFlapAndKeepsTheGuardThroughTheNextRestart() {
        Pipeline pipeline = pipeline("{initial: 1, min: 1, max: 4}", true);
        pipeline.setStatus(new PipelineStatus());
        pipeline.getStatus().autoscaler = new AutoscalerStatus();
        pipeline.getStatus().autoscaler.lastScaleTime = T0.minusSeconds(600).toString();
        pipeline.getStatus().autoscaler.lastScaleDirection = AutoscalerStatus.DOWN;
        kafka.lag = new ConsumerLag(0, 0, 6, 0);
        poll(pipeline, 1);
        clock.at = T0.plusSeconds(10);
        kafka.lag = new ConsumerLag(90_000, 10_000, 6, 0);
        PipelineStatus up = poll(pipeline, 1);
        assertThat(up.autoscaler.desiredReplicas).isEqualTo(3);
        assertThat(up.autoscaler.lastScaleDirection).isEqualTo(AutoscalerStatus.UP);
        assertThat(up.autoscaler.reversalGuardSince).as("undone 10 minutes after the scale-down the status recorded")
                .isEqualTo("2026-12-04T12:00:10Z");

        pipeline.setStatus(up);
        PipelineAutoscaler restarted = new PipelineAutoscaler(namespace -> kafka, flink, events, registry(), TUNING,
                clock, RETRY); // a new process: its own metrics
        clock.at = T0.plusSeconds(40);
        PipelineStatus afterRestart = status();
        restarted.observe(pipeline, plan(pipeline), afterRestart, 3, observed());
        assertThat(afterRestart.autoscaler.lastScaleTime).isEqualTo("2026-12-04T12:00:10Z");
        assertThat(afterRestart.autoscaler.lastScaleDirection).isEqualTo(AutoscalerStatus.UP);
        assertThat(afterRestart.autoscaler.reversalGuardSince).isEqualTo("2026-12-04T12:00:10Z");
    }

    @Test
    void anIdlePipelineDecidesTheSameEveryPollSoTheStatusDoesNotChange() {
        Pipeline pipeline = pipeline("{initial: 1, min: 1, max: 4}", true);
        kafka.lag = new ConsumerLag(0, 500, 6, 0);
        poll(pipeline, 1);
        clock.at = T0.plusSeconds(10);
        String reason = poll(pipeline, 1).autoscaler.reason;
        clock.at = T0.plusSeconds(40);
        assertThat(poll(pipeline, 1).autoscaler.reason).isEqualTo(reason).contains("1 TaskManager keep");
        assertThat(events.recorded).isEmpty();
    }

    @Test
    void aSourceTopicThatDoesNotExistYetIsAScalingConditionAndTheCountStays() {
        Pipeline pipeline = pipeline("{initial: 2, min: 1, max: 4}", true);
        kafka.partitions = 0;
        PipelineStatus status = poll(pipeline, 2);
        assertThat(scaling(status)).satisfies(c -> {
            assertThat(c.status).isEqualTo("False");
            assertThat(c.reason).isEqualTo(ScalingConditions.SOURCE_TOPIC_MISSING);
            assertThat(c.message).contains("Source topic shop.clicks does not exist yet").contains("keeping 2");
        });
        assertThat(status.autoscaler.desiredReplicas).isEqualTo(2);
        assertThat(events.recorded).isEmpty();
    }

    @Test
    void aPipelineWaitingForAnExternalSourceTopicSaysSoInItsScalingCondition() {
        Pipeline pipeline = pipeline("{initial: 2, min: 1, max: 4}", true);
        Source clicks = new Source();
        clicks.setStatus(new dev.tributary.api.v1alpha1.SourceStatus());
        clicks.getStatus().conditions = List.of(new Condition("Ready", "False", "TopicNotFound",
                "external topic shop.clicks does not exist in Kafka: create it there"));
        PipelineStatus status = new PipelineStatus();
        autoscaler.notRunning(pipeline, Map.of("clicks", clicks), status);
        assertThat(scaling(status)).satisfies(c -> {
            assertThat(c.status).isEqualTo("False");
            assertThat(c.reason).isEqualTo(ScalingConditions.SOURCE_TOPIC_MISSING);
            assertThat(c.message).startsWith("Source clicks waits for its topic (external topic shop.clicks does not"
                    + " exist in Kafka");
        });
        assertThat(kafka.calls).isZero();

        PipelineStatus off = new PipelineStatus();
        autoscaler.notRunning(pipeline("{initial: 2, min: 1, max: 4}", false), Map.of("clicks", clicks), off);
        assertThat(off.conditions).as("autoscaling off: no Scaling condition").isNullOrEmpty();

        // a step of the lifecycle that writes no status (a deployment being applied) is left alone
        autoscaler.notRunning(pipeline, Map.of("clicks", clicks), null);
    }

    @Test
    void aFlinkThatDoesNotAnswerIsAScalingConditionAndTheCountStays() {
        Pipeline pipeline = pipeline("{initial: 3, min: 1, max: 4}", true);
        kafka.lag = new ConsumerLag(0, 0, 6, 0);
        flink.unreachable = true;
        // the observer reads no lag while Flink says nothing of the job: that is not Kafka's fault
        assertThat(autoscaler.observe(pipeline, plan(pipeline), status(), 3, Optional.empty()))
                .as("looks again at the poll period").contains(RETRY);
        PipelineStatus status = lastStatus;
        assertThat(scaling(status).reason).isEqualTo(ScalingConditions.FLINK_UNREACHABLE);
        assertThat(scaling(status).message).contains("connection refused").contains("keeping 3");
        assertThat(status.autoscaler.desiredReplicas).isEqualTo(3);
    }

    @Test
    void aKafkaThatDoesNotAnswerIsAScalingConditionAndTheCountStays() {
        Pipeline pipeline = pipeline("{initial: 1, min: 1, max: 4}", true);
        kafka.unavailable = true;
        PipelineStatus status = poll(pipeline, 1);
        assertThat(scaling(status).reason).isEqualTo(ScalingConditions.KAFKA_UNAVAILABLE);
        assertThat(status.autoscaler.desiredReplicas).isEqualTo(1);
    }

    @Test
    void minAboveThePartitionsIsAScalingConditionAndTheCountKeepsToThePartitionsNeverZero() {
        Pipeline pipeline = pipeline("{initial: 8, min: 8, max: 8}", true);
        kafka.partitions = 2;
        kafka.lag = new ConsumerLag(0, 0, 2, 0);
        PipelineStatus status = poll(pipeline, 8);
        assertThat(scaling(status)).satisfies(c -> {
            assertThat(c.status).isEqualTo("False");
            assertThat(c.reason).isEqualTo(ScalingConditions.MIN_ABOVE_PARTITIONS);
            assertThat(c.message).contains("parallelism.min 8").contains("2 partitions of shop.clicks");
        });
        assertThat(status.autoscaler.desiredReplicas).isEqualTo(2);
    }

    @Test
    void withAutoscalingOffTheLagIsStillAMetricAndThereIsNoDecision() {
        Pipeline pipeline = pipeline("{initial: 1, min: 1, max: 4}", false);
        PipelineStatus status = status();
        status.lag = new dev.tributary.api.v1alpha1.LagStatus();
        status.lag.records = 1234L;
        status.lag.seconds = 5.0;
        assertThat(autoscaler.observe(pipeline, plan(pipeline), status, 1, observed())).isEmpty();
        assertThat(status.autoscaler).isNull();
        assertThat(gauge(AutoscalerMetrics.LAG_RECORDS)).isEqualTo(1234.0);
        assertThat(gauge(AutoscalerMetrics.LAG_SECONDS)).isEqualTo(5.0);
        assertThat(gauge(AutoscalerMetrics.DESIRED)).isNaN();
        assertThat(kafka.calls).as("no Kafka or Flink calls with autoscaling off").isZero();
    }

    private PipelineStatus lastStatus;

    /** The lag the observer read for this reconcile, as {@code PipelineObserver} passes it on. */
    private Optional<ConsumerLag> observed() {
        return kafka.unavailable ? Optional.empty() : Optional.of(kafka.lag);
    }

    private PipelineStatus poll(Pipeline pipeline, int taskManagers) {
        PipelineStatus status = status();
        autoscaler.observe(pipeline, plan(pipeline), status, taskManagers, observed());
        lastStatus = status;
        return status;
    }

    private PipelineStatus status() {
        PipelineStatus status = new PipelineStatus();
        status.job = new JobStatus();
        status.job.id = "0000000000000000000000000000abcd";
        status.job.state = "RUNNING";
        lastStatus = status;
        return status;
    }

    private static Condition scaling(PipelineStatus status) {
        return status.conditions.stream().filter(c -> c.type.equals(ScalingConditions.TYPE)).findFirst().orElseThrow();
    }

    /** The gauge's value for the one Pipeline of these tests, as Prometheus scrapes it; null when it has no series. */
    private Double gauge(String name) {
        List<String> values = List.of(pipeline("{initial: 1, min: 1, max: 4}", true).getMetadata().getNamespace(),
                pipeline("{initial: 1, min: 1, max: 4}", true).getMetadata().getName());
        return registry.getPrometheusRegistry().getSampleValue(name,
                AutoscalerMetrics.LABELS.toArray(String[]::new), values.toArray(String[]::new));
    }

    /** As Quarkus makes it: a collector whose names clash with a registered one is refused. */
    private static PrometheusMeterRegistry registry() {
        return new PrometheusMeterRegistry(PrometheusConfig.DEFAULT, new CollectorRegistry(true),
                io.micrometer.core.instrument.Clock.SYSTEM);
    }

    private PipelineAutoscaler autoscaler() {
        clock.at = T0;
        return new PipelineAutoscaler(namespace -> kafka, flink, events, registry, TUNING, clock, RETRY);
    }

    static Pipeline pipeline(String parallelism, boolean autoscaling) {
        return Serialization.unmarshal("""
                apiVersion: tributary.dev/v1alpha1
                kind: Pipeline
                metadata: {name: sessionize, namespace: shop, uid: 6f1c2a9e-0000-4000-8000-000000000002}
                spec:
                  sources: [clicks]
                  sinks: [sessions]
                  sql: INSERT INTO sessions SELECT user_id, COUNT(*) AS clicks FROM clicks GROUP BY user_id
                  parallelism: %s
                  autoscaling: {enabled: %s, targetLagSeconds: 10, scaleDownDelay: 1m}
                  checkpoints: {interval: 1s}
                  resources: {taskManager: {taskSlots: 1}}
                """.formatted(parallelism, autoscaling), Pipeline.class);
    }

    static PipelinePlan plan(Pipeline pipeline) {
        Source clicks = Serialization.unmarshal("""
                apiVersion: tributary.dev/v1alpha1
                kind: Source
                metadata: {name: clicks, namespace: shop}
                spec:
                  topic: {name: shop.clicks, partitions: 6}
                  format: json
                  schema: {fields: [{name: user_id, type: STRING NOT NULL}]}
                """, Source.class);
        Sink sessions = Serialization.unmarshal("""
                apiVersion: tributary.dev/v1alpha1
                kind: Sink
                metadata: {name: sessions, namespace: shop}
                spec:
                  kafka: {topic: {name: shop.sessions, partitions: 6}, keyFields: [user_id]}
                """, Sink.class);
        return PlanResolver.resolve(pipeline, Map.of("clicks", clicks), Map.of("sessions", sessions),
                new KafkaConnectionPlan("kafka:9092", Map.of(), null, null), "file:///tributary/state");
    }

    private static final class MovableClock extends Clock {
        Instant at = T0;

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return at;
        }
    }

    private static final class FakeFlink implements JobLoads {
        boolean unreachable;

        @Override
        public JobLoad load(Pipeline pipeline, String jobId) {
            if (unreachable) {
                throw new FlinkUnreachableException("the JobManager at http://sessionize-jobmanager.shop.svc:8081"
                        + " does not answer (java.net.ConnectException: connection refused)");
            }
            return new JobLoad(1.0, 0.0);
        }
    }

    private static final class FakeKafka implements TopicAdmin {
        int partitions = 6;
        boolean unavailable;
        ConsumerLag lag = new ConsumerLag(0, 0, 6, 6);
        int calls;

        @Override
        public Optional<ObservedTopic> describe(String topic) {
            calls++;
            if (unavailable) {
                throw new KafkaUnavailableException("Kafka at kafka:9092 did not answer within 10s", null);
            }
            return partitions == 0 ? Optional.empty()
                    : Optional.of(new ObservedTopic(topic, partitions, 1, Map.of()));
        }

        @Override
        public ConsumerLag consumerLag(String group, Collection<String> topics) {
            throw new AssertionError("the autoscaler reuses the lag the observer read; it reads none of its own");
        }

        @Override
        public void create(DesiredTopic topic) {
            throw new AssertionError("the autoscaler only reads Kafka; it must never change a topic");
        }

        @Override
        public int defaultReplicationFactor() {
            throw new AssertionError("the autoscaler only reads Kafka; it must never change a topic");
        }

        @Override
        public void growPartitions(String topic, int totalPartitions) {
            throw new AssertionError("the autoscaler only reads Kafka; it must never change a topic");
        }

        @Override
        public void alterConfigs(String topic, Map<String, String> set, Set<String> delete) {
            throw new AssertionError("the autoscaler only reads Kafka; it must never change a topic");
        }

        @Override
        public void delete(String topic) {
            throw new AssertionError("the autoscaler only reads Kafka; it must never change a topic");
        }
    }
}
