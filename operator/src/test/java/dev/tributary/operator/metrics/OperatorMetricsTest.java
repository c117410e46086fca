package dev.tributary.operator.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.api.v1alpha1.AutoscalerStatus;
import dev.tributary.api.v1alpha1.Condition;
import dev.tributary.api.v1alpha1.Pipeline;
import dev.tributary.api.v1alpha1.PipelinePhase;
import dev.tributary.api.v1alpha1.PipelineStatus;
import dev.tributary.api.v1alpha1.Source;
import dev.tributary.operator.metrics.names.OperatorMetricNames;
import dev.tributary.operator.status.Conditions;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.micrometer.core.instrument.Clock;
import io.micrometer.prometheus.PrometheusConfig;
import io.prometheus.client.CollectorRegistry;
import io.micrometer.prometheus.PrometheusMeterRegistry;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The operator's metrics as Prometheus scrapes them from /q/metrics, through Micrometer's Prometheus registry. */
class OperatorMetricsTest {

    // as Quarkus makes it: a collector whose names clash with a registered meter is refused
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT,
            new CollectorRegistry(true), Clock.SYSTEM);
    private final OperatorMetrics metrics = new OperatorMetrics(registry, registry.getPrometheusRegistry());

    @AfterEach
    void stop() {
        metrics.stop();
    }

    @Test
    void everyKindHasItsReconcileTimerAndErrorCounterFromTheStart() {
        for (String kind : OperatorMetricNames.KINDS) {
            assertThat(value(OperatorMetricNames.RECONCILE_SECONDS + "_count", "kind", kind)).isEqualTo(0.0);
            assertThat(value(OperatorMetricNames.RECONCILE_ERRORS, "kind", kind)).isEqualTo(0.0);
        }
        assertThat(value(OperatorMetricNames.RECONCILE_SECONDS + "_bucket", "kind", "Pipeline", "le", "0.5"))
                .isEqualTo(0.0);
    }

    @Test
    void aReconcileIsTimedAndOneThatThrowsIsCountedAsAnError() {
        Source source = source("clicks");
        metrics.timed(source, UpdateControl::noUpdate);
        assertThatThrownBy(() -> metrics.timed(source, () -> {
            throw new IllegalStateException("broker down");
        })).hasMessage("broker down");

        assertThat(value(OperatorMetricNames.RECONCILE_SECONDS + "_count", "kind", "Source")).isEqualTo(2.0);
        assertThat(value(OperatorMetricNames.RECONCILE_ERRORS, "kind", "Source")).isEqualTo(1.0);
        assertThat(value(OperatorMetricNames.RECONCILE_ERRORS, "kind", "Pipeline")).isEqualTo(0.0);
    }

    @Test
    void aPipelinesReadyPhaseAndTaskManagersFollowTheStatusItsReconcileLeft() {
        Pipeline before = pipeline("sessionize", PipelinePhase.Deploying, false, null, null);
        metrics.timed(before, UpdateControl::noUpdate);
        assertThat(value(OperatorMetricNames.READY, "kind", "Pipeline", "namespace", "shop", "name", "sessionize"))
                .isEqualTo(0.0);
        assertThat(value(OperatorMetricNames.PIPELINE_PHASE, "pipeline", "sessionize", "phase", "Deploying"))
                .isEqualTo(1.0);
        assertThat(value(OperatorMetricNames.PIPELINE_PHASE, "pipeline", "sessionize", "phase", "Running"))
                .isEqualTo(0.0);
        assertThat(registry.scrape()).as("no series until the status says").doesNotContain(
                OperatorMetricNames.PIPELINE_TASKMANAGERS + "{").doesNotContain(
                OperatorMetricNames.PIPELINE_DESIRED_TASKMANAGERS + "{");

        Pipeline after = pipeline("sessionize", PipelinePhase.Running, true, 2, 3);
        metrics.timed(before, () -> UpdateControl.patchStatus(after));
        assertThat(value(OperatorMetricNames.READY, "kind", "Pipeline", "name", "sessionize")).isEqualTo(1.0);
        assertThat(value(OperatorMetricNames.PIPELINE_PHASE, "pipeline", "sessionize", "phase", "Deploying"))
                .isEqualTo(0.0);
        assertThat(value(OperatorMetricNames.PIPELINE_PHASE, "pipeline", "sessionize", "phase", "Running"))
                .isEqualTo(1.0);
        assertThat(value(OperatorMetricNames.PIPELINE_TASKMANAGERS, "namespace", "shop", "pipeline", "sessionize"))
                .isEqualTo(2.0);
        assertThat(value(OperatorMetricNames.PIPELINE_DESIRED_TASKMANAGERS, "pipeline", "sessionize")).isEqualTo(3.0);
    }

    @Test
    void aResourceGoneFromTheCacheLosesItsGaugesAndOtherKindsKeepTheirs() {
        metrics.timed(pipeline("a", PipelinePhase.Running, true, 1, null), UpdateControl::noUpdate);
        metrics.timed(pipeline("b", PipelinePhase.Failed, false, 1, null), UpdateControl::noUpdate);
        metrics.timed(source("clicks"), UpdateControl::noUpdate);

        metrics.sync("Pipeline", Stream.of(pipeline("b", PipelinePhase.Running, true, 1, null)));

        assertThat(registry.scrape()).doesNotContain("pipeline=\"a\"").doesNotContain("name=\"a\"");
        assertThat(value(OperatorMetricNames.READY, "kind", "Pipeline", "name", "b")).isEqualTo(1.0);
        assertThat(value(OperatorMetricNames.READY, "kind", "Source", "name", "clicks")).isEqualTo(0.0);
    }

    @Test
    void aThousandPipelinesAddSeriesButNoMeter() {
        metrics.timed(source("clicks"), UpdateControl::noUpdate);
        int meters = registry.getMeters().size();

        for (int i = 0; i < 1000; i++) {
            metrics.timed(pipeline("p" + i, PipelinePhase.Running, i % 2 == 0, 1, null), UpdateControl::noUpdate);
        }

        assertThat(registry.getMeters()).hasSize(meters);
        String scrape = registry.scrape();
        assertThat(scrape.lines().filter(l -> l.startsWith(OperatorMetricNames.READY + "{kind=\"Pipeline\"")))
                .hasSize(1000);
        assertThat(scrape.lines().filter(l -> l.startsWith(OperatorMetricNames.PIPELINE_PHASE + "{")))
                .hasSize(1000 * PipelinePhase.values().length);
        assertThat(value(OperatorMetricNames.READY, "kind", "Pipeline", "name", "p998")).isEqualTo(1.0);
        assertThat(value(OperatorMetricNames.READY, "kind", "Pipeline", "name", "p999")).isEqualTo(0.0);
    }

    /** The value of the one series of the metric that has the given label pairs, from the Prometheus text. */
    private double value(String metric, String... labels) {
        List<String> lines = registry.scrape().lines().filter(l -> l.startsWith(metric + "{")).filter(l -> {
            for (int i = 0; i < labels.length; i += 2) {
                if (!l.contains(labels[i] + "=\"" + labels[i + 1] + "\"")) {
                    return false;
                }
            }
            return true;
        }).toList();
        assertThat(lines).as(metric + " " + String.join(",", labels) + " in\n" + registry.scrape()).hasSize(1);
        return Double.parseDouble(lines.get(0).substring(lines.get(0).lastIndexOf(' ') + 1));
    }

    private static Source source(String name) {
        Source source = new Source();
        source.setMetadata(new ObjectMetaBuilder().withNamespace("shop").withName(name).build());
        return source;
    }

    private static Pipeline pipeline(String name, PipelinePhase phase, boolean ready, Integer replicas,
            Integer desired) {
        Pipeline pipeline = new Pipeline();
        pipeline.setMetadata(new ObjectMetaBuilder().withNamespace("shop").withName(name).build());
        PipelineStatus status = new PipelineStatus();
        status.phase = phase;
        Condition condition = ready ? Conditions.ready("Running", "the job runs")
                : Conditions.notReady("Deploying", "the JobManager starts");
        status.conditions.add(condition);
        status.replicas = replicas;
        if (desired != null) {
            status.autoscaler = new AutoscalerStatus();
            status.autoscaler.desiredReplicas = desired;
        }
        pipeline.setStatus(status);
        return pipeline;
    }
}
