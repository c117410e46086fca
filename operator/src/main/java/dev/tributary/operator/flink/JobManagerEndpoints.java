package dev.tributary.operator.flink;

import dev.tributary.api.v1alpha1.Pipeline;
import java.net.URI;

/**
 * Where a Pipeline's JobManager REST API is. In the cluster that is its Service's DNS name; an operator run
 * elsewhere (on a laptop with a port-forward, or the e2e suites against a local Flink) is given a fixed address.
 * The operator never addresses pod IPs.
 */
@FunctionalInterface
public interface JobManagerEndpoints {

    URI restEndpoint(Pipeline pipeline);
}
