package dev.tributary.operator.testing;

import dev.tributary.api.v1alpha1.KafkaConnectionSpec;
import dev.tributary.operator.common.EventRecorder;
import dev.tributary.operator.flink.FlinkJobs;
import dev.tributary.operator.flink.FlinkUnreachableException;
import dev.tributary.operator.kafka.KafkaClusterConfig;
import dev.tributary.operator.kafka.KafkaConnections;
import dev.tributary.operator.metrics.OperatorMetrics;
import dev.tributary.operator.pipeline.PipelineLifecycle;
import dev.tributary.operator.pipeline.PipelineReconciler;
import dev.tributary.operator.pipeline.PipelineTesting;
import dev.tributary.operator.pipeline.autoscale.PipelineAutoscaler;
import dev.tributary.operator.pipeline.build.PipelineDeploymentSettings;
import dev.tributary.operator.sink.SinkReconciler;
import dev.tributary.operator.sink.SinkTopics;
import dev.tributary.operator.source.SourceIngest;
import dev.tributary.operator.source.SourceReconciler;
import dev.tributary.operator.source.SourceTopics;
import dev.tributary.operator.topic.TopicClaims;
import dev.tributary.operator.topic.TopicLedger;
import dev.tributary.operator.topic.TopicLifecycle;
import dev.tributary.operator.topic.TopicTesting;
import dev.tributary.operator.topic.admin.TopicAdmin;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheus.PrometheusConfig;
import io.micrometer.prometheus.PrometheusMeterRegistry;
import io.prometheus.client.CollectorRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The operator's real reconcilers and lifecycles for Sources, Sinks and Pipelines, wired by hand to a real API server,
 * with Flink and Kafka replaced by fakes. One instance is one operator process: closing it is the operator dying.
 */
public final class OperatorUnderTest implements AutoCloseable {

    /** Short, so a scenario sees several resyncs in seconds. */
    public static final Duration RESYNC = Duration.ofSeconds(2);

    private final Operator operator;

    private OperatorUnderTest(Operator operator) {
        this.operator = operator;
    }

    public static OperatorUnderTest start(KubernetesClient client, String namespace, FlinkJobs flink,
            FakeTopicAdmin kafka) {
        Clock clock = Clock.systemUTC();
        KafkaClusterConfig config = new KafkaClusterConfig() {
            @Override
            public String bootstrapServers() {
                return "kafka:9092";
            }

            @Override
            public String securityProtocol() {
                return "PLAINTEXT";
            }

            @Override
            public String saslMechanism() {
                return "SCRAM-SHA-512";
            }

            @Override
            public Optional<String> credentialsSecret() {
                return Optional.empty();
            }

            @Override
            public Optional<String> caCertificate() {
                return Optional.empty();
            }

            @Override
            public Duration requestTimeout() {
                return Duration.ofSeconds(10);
            }
        };
        KafkaConnections connections = new KafkaConnections(config, client) {
            @Override
            public TopicAdmin topicAdmin(String ns, KafkaConnectionSpec override) {
                return kafka;
            }
        };
        EventRecorder events = new EventRecorder(client, clock);
        TopicClaims claims = new TopicClaims(client, config, Optional.of(List.of(namespace)));
        TopicTesting.start(claims);
        TopicLifecycle topics = new TopicLifecycle(client, connections, claims, new TopicLedger(client, namespace), events, clock, RESYNC,
                Duration.ofMinutes(5));
        PipelineAutoscaler autoscaler = new PipelineAutoscaler(connections, (pipeline, jobId) -> {
            throw new FlinkUnreachableException("no Flink in the lifecycle scenarios");
        }, events, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), clock, Duration.ofSeconds(45), Duration.ofSeconds(60),
                Duration.ofMinutes(5), Duration.ofHours(1), Duration.ofSeconds(30), Duration.ofSeconds(1));
        PipelineLifecycle pipelines = new PipelineLifecycle(client, connections, config, events, flink,
                PipelineTesting.acceptingSql(clock), autoscaler, clock, RESYNC, Duration.ofSeconds(1),
                PipelineDeploymentSettings.DEFAULT_IMAGE, PipelineDeploymentSettings.DEFAULT_OPERATOR_NAMESPACE,
                Optional.empty());
        OperatorMetrics metrics = new OperatorMetrics(new SimpleMeterRegistry(), new CollectorRegistry());
        Operator operator = new Operator(o -> o.withKubernetesClient(client).withCloseClientOnStop(false));
        operator.register(new SourceReconciler(topics, new SourceTopics(claims), new SourceIngest(client, config, events,
                PipelineDeploymentSettings.DEFAULT_IMAGE, PipelineDeploymentSettings.DEFAULT_OPERATOR_NAMESPACE,
                Optional.empty()), metrics), o -> o.settingNamespace(namespace));
        operator.register(new SinkReconciler(topics, new SinkTopics(claims), metrics), o -> o.settingNamespace(namespace));
        operator.register(new PipelineReconciler(pipelines, metrics), o -> o.settingNamespace(namespace));
        operator.start();
        return new OperatorUnderTest(operator);
    }

    @Override
    public void close() {
        operator.stop();
    }
}
