package dev.tributary.operator.flink;

import dev.tributary.api.v1alpha1.Pipeline;
import dev.tributary.operator.pipeline.build.FlinkSettings;
import dev.tributary.operator.pipeline.build.PipelineNames;
import java.net.URI;
import java.util.Optional;

/**
 * The JobManager Service's cluster DNS name, or, when {@code tributary.flink.rest-endpoint} is set, that one address
 * for every Pipeline (an operator outside the cluster with a port-forward, or tests against a local Flink).
 */
public final class ServiceEndpoints implements JobManagerEndpoints {

    private final Optional<URI> fixed;
    private final String clusterDomain;

    public ServiceEndpoints(Optional<URI> fixed, String clusterDomain) {
        this.fixed = fixed;
        this.clusterDomain = clusterDomain;
    }

    @Override
    public URI restEndpoint(Pipeline pipeline) {
        return fixed.orElseGet(() -> URI.create("http://" + PipelineNames.jobManager(pipeline) + "."
                + pipeline.getMetadata().getNamespace() + ".svc." + clusterDomain + ":" + FlinkSettings.REST_PORT));
    }
}
