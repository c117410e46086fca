package dev.tributary.operator.sink;

import dev.tributary.api.v1alpha1.Sink;
import dev.tributary.operator.metrics.OperatorMetrics;
import dev.tributary.operator.topic.TopicLifecycle;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;

/** A Kafka Sink becomes its Kafka topic; other sinks only report their type. */
@ControllerConfiguration(name = "sink")
public class SinkReconciler implements Reconciler<Sink> {

    private final TopicLifecycle lifecycle;
    private final SinkTopics topics;
    private final OperatorMetrics metrics;

    public SinkReconciler(TopicLifecycle lifecycle, SinkTopics topics, OperatorMetrics metrics) {
        this.lifecycle = lifecycle;
        this.metrics = metrics;
        this.topics = topics;
    }

    @Override
    public UpdateControl<Sink> reconcile(Sink sink, Context<Sink> context) {
        return metrics.reconcile(sink, context, () -> lifecycle.reconcile(sink, context, topics));
    }

    @Override
    public ErrorStatusUpdateControl<Sink> updateErrorStatus(Sink sink, Context<Sink> context, Exception e) {
        return lifecycle.updateErrorStatus(sink, context, topics, e);
    }
}
