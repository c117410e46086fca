package dev.tributary.cli.dev;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Looks at a running pipeline from outside, as the operator's autoscaler would: its Prometheus metrics, and the
 * lag of its consumer group (offsets are committed on checkpoints, so lag 0 means the input is checkpointed).
 */
final class PipelineProbe implements AutoCloseable {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final URI metrics;
    private final Admin admin;
    private final String group;
    private final List<String> topics;

    PipelineProbe(int metricsPort, Map<String, Object> kafka, String group, List<String> topics) {
        this.metrics = URI.create("http://127.0.0.1:" + metricsPort + "/metrics");
        this.admin = Admin.create(kafka);
        this.group = group;
        this.topics = List.copyOf(topics);
    }

    PipelineMetrics metrics() {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(metrics).timeout(Duration.ofSeconds(5))
                    .build(), HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 ? PipelineMetrics.parse(response.body()) : PipelineMetrics.NONE;
        } catch (IOException e) {
            return PipelineMetrics.NONE;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return PipelineMetrics.NONE;
        }
    }

    /** Records in the source topics not yet committed by the pipeline's group; -1 when Kafka does not answer. */
    long lag() {
        try {
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            admin.describeTopics(topics).allTopicNames().get(5, TimeUnit.SECONDS).forEach((name, description) ->
                    description.partitions().forEach(p -> latest.put(new TopicPartition(name, p.partition()),
                            OffsetSpec.latest())));
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata().get(5, TimeUnit.SECONDS);
            long lag = 0;
            for (var end : admin.listOffsets(latest).all().get(5, TimeUnit.SECONDS).entrySet()) {
                OffsetAndMetadata done = committed.get(end.getKey());
                lag += end.getValue().offset() - (done == null ? 0 : done.offset());
            }
            return lag;
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            return -1;
        }
    }

    @Override
    public void close() {
        admin.close(Duration.ofSeconds(2));
    }
}
