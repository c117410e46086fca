package dev.tributary.operator.source;

import dev.tributary.api.v1alpha1.Source;
import dev.tributary.operator.metrics.OperatorMetrics;
import dev.tributary.operator.topic.TopicLifecycle;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;

/** A Source becomes its Kafka topic, and its ingest endpoint when it asks for one. */
@ControllerConfiguration(name = "source")
public class SourceReconciler implements Reconciler<Source> {

    private final TopicLifecycle lifecycle;
    private final SourceTopics topics;
    private final OperatorMetrics metrics;
    private final SourceIngest ingest;

    public SourceReconciler(TopicLifecycle lifecycle, SourceTopics topics, SourceIngest ingest,
            OperatorMetrics metrics) {
        this.lifecycle = lifecycle;
        this.metrics = metrics;
        this.topics = topics;
        this.ingest = ingest;
    }

    @Override
    public UpdateControl<Source> reconcile(Source source, Context<Source> context) {
        return metrics.reconcile(source, context, () -> {
            if (!context.isPrimaryResourceDeleted() && !source.isMarkedForDeletion()) {
                ingest.reconcile(source); // the owner references delete the children with the Source
            }
            return lifecycle.reconcile(source, context, topics);
        });
    }

    @Override
    public ErrorStatusUpdateControl<Source> updateErrorStatus(Source source, Context<Source> context, Exception e) {
        return lifecycle.updateErrorStatus(source, context, topics, e);
    }
}
