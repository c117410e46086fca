package dev.tributary.operator.flink;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** The Flink REST client the reconcilers use, from {@code tributary.flink.*} settings. */
@ApplicationScoped
public class FlinkClients {

    @Produces
    @ApplicationScoped
    FlinkJobs flinkJobs(@ConfigProperty(name = "tributary.flink.rest-endpoint") Optional<String> fixedEndpoint,
            @ConfigProperty(name = "tributary.flink.cluster-domain", defaultValue = "cluster.local") String domain,
            @ConfigProperty(name = "tributary.flink.request-timeout", defaultValue = "5s") Duration timeout) {
        return new FlinkRestJobs(new ServiceEndpoints(fixedEndpoint.filter(s -> !s.isBlank()).map(URI::create), domain),
                timeout);
    }
}
