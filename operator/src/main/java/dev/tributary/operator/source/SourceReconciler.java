package dev.tributary.operator.source;

import dev.tributary.api.v1alpha1.Source;
import dev.tributary.operator.topic.TopicLifecycle;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;

/** A Source becomes its Kafka topic, and its ingest endpoint when it asks for one. */
@ControllerConfiguration(name = "source")
public class SourceReconciler implements Reconciler<Source> {

    private final TopicLifecycle lifecycle;
    private final SourceTopics topics;
    private final SourceIngest ingest;

    public SourceReconciler(TopicLifecycle lifecycle, SourceTopics topics, SourceIngest ingest) {
        this.lifecycle = lifecycle;
        this.topics = topics;
        this.ingest = ingest;
    }

    @Override
    public UpdateControl<Source> reconcile(Source source, Context<Source> context) {
        if (!context.isPrimaryResourceDeleted() && !source.isMarkedForDeletion()) {
            ingest.reconcile(source); // the owner references delete the children with the Source
        }
        return lifecycle.reconcile(source, context, topics);
    }
}
