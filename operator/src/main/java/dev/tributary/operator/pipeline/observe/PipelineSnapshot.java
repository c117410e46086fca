package dev.tributary.operator.pipeline.observe;

import dev.tributary.api.v1alpha1.Pipeline;
import dev.tributary.api.v1alpha1.Sink;
import dev.tributary.api.v1alpha1.Source;
import dev.tributary.operator.pipeline.PipelineSqlChecks;
import dev.tributary.operator.pipeline.build.PipelineDesiredState;
import dev.tributary.operator.topic.admin.ConsumerLag;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything one reconcile of a Pipeline knows, read once before anything is decided. Later parts are read only
 * when the earlier ones allow a deployment: no SQL check for a spec that fails validation, no Flink or Kafka
 * request for SQL that does not plan.
 *
 * @param sources the Sources the spec names that exist, by name
 * @param sinks the Sinks the spec names that exist, by name
 * @param jobManager the JobManager Deployment, or null
 * @param taskManagers the TaskManager Deployment, or null
 * @param checkpointVolume the checkpoint volume before this reconcile applies anything, or null
 * @param children the children the caches hold for this Pipeline (owned by it)
 * @param sql what the SQL check says; empty when the spec or its references are invalid
 * @param desired what the spec resolves to (plan, children, dead-letter topic); null until the SQL checked clean
 * @param flink what the JobManager said; not asked until the SQL checked clean
 * @param lag the consumer group's lag when the job runs and Kafka answered; empty otherwise
 * @param now the time of the observation
 */
public record PipelineSnapshot(Pipeline pipeline, Map<String, Source> sources, Map<String, Sink> sinks,
        Deployment jobManager, Deployment taskManagers, PersistentVolumeClaim checkpointVolume,
        List<HasMetadata> children, Optional<PipelineSqlChecks.Outcome> sql, PipelineDesiredState desired,
        FlinkObservation flink, Optional<ConsumerLag> lag, Instant now) {

    public String uid() {
        return pipeline.getMetadata().getUid();
    }

    public String namespace() {
        return pipeline.getMetadata().getNamespace();
    }

    /** The same snapshot with Flink's answers replaced (after a request the executor sent was refused). */
    public PipelineSnapshot withFlink(FlinkObservation answered) {
        return new PipelineSnapshot(pipeline, sources, sinks, jobManager, taskManagers, checkpointVolume, children,
                sql, desired, answered, lag, now);
    }
}
