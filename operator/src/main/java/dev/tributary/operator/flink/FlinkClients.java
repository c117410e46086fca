package dev.tributary.operator.flink;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** The Flink REST clients the reconcilers use, from {@code tributary.flink.*} settings. */
@ApplicationScoped
public class FlinkClients {

    @Produces
    @ApplicationScoped
    FlinkJobs flinkJobs(@ConfigProperty(name = "tributary.flink.rest-endpoint") Optional<String> fixedEndpoint,
            @ConfigProperty(name = "tributary.flink.cluster-domain", defaultValue = "cluster.local") String domain,
            @ConfigProperty(name = "tributary.flink.request-timeout", defaultValue = "5s") Duration timeout) {
        return new FlinkRestJobs(endpoints(fixedEndpoint, domain), timeout);
    }

    @Produces
    @ApplicationScoped
    JobLoads jobLoads(@ConfigProperty(name = "tributary.flink.rest-endpoint") Optional<String> fixedEndpoint,
            @ConfigProperty(name = "tributary.flink.cluster-domain", defaultValue = "cluster.local") String domain,
            @ConfigProperty(name = "tributary.flink.request-timeout", defaultValue = "5s") Duration timeout) {
        JobManagerEndpoints endpoints = endpoints(fixedEndpoint, domain);
        return new FlinkRestJobLoads(new FlinkRestJobs(endpoints, timeout), endpoints);
    }

    private static JobManagerEndpoints endpoints(Optional<String> fixedEndpoint, String domain) {
        return new ServiceEndpoints(fixedEndpoint.filter(s -> !s.isBlank()).map(URI::create), domain);
    }
}
