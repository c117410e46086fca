package dev.tributary.operator.metrics;

import dev.tributary.api.v1alpha1.Pipeline;
import dev.tributary.api.v1alpha1.PipelinePhase;
import dev.tributary.api.v1alpha1.PipelineStatus;
import dev.tributary.api.v1alpha1.ResourceStatus;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.CustomResource;

/**
 * What the gauges of one resource show, read from its status: Ready, and for a Pipeline its phase, TaskManagers
 * and the autoscaler's choice. Mutable and read when Prometheus scrapes; {@link #update} runs under the lock of
 * {@link ResourceGauges}.
 */
final class ResourceReadings {

    private volatile double ready;
    private volatile PipelinePhase phase;
    private volatile double taskManagers = Double.NaN;
    private volatile double desiredTaskManagers = Double.NaN;

    void update(HasMetadata resource) {
        Object status = resource instanceof CustomResource<?, ?> custom ? custom.getStatus() : null;
        ready = status instanceof ResourceStatus s && s.isReady() ? 1 : 0;
        if (resource instanceof Pipeline && status instanceof PipelineStatus s) {
            phase = s.phase;
            taskManagers = s.replicas == null ? Double.NaN : s.replicas;
            desiredTaskManagers = s.autoscaler == null || s.autoscaler.desiredReplicas == null ? Double.NaN
                    : s.autoscaler.desiredReplicas;
        }
    }

    double ready() {
        return ready;
    }

    double inPhase(PipelinePhase candidate) {
        return phase == candidate ? 1 : 0;
    }

    double taskManagers() {
        return taskManagers;
    }

    double desiredTaskManagers() {
        return desiredTaskManagers;
    }
}
