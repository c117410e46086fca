package dev.tributary.e2e.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The Prometheus operator's and the Grafana operator's CRDs (the upstream files, see
 * {@code src/test/resources/upstream-crds/README.md}): what a Dashboard's children need to exist in a cluster.
 */
public final class UpstreamCrds {

    private static final Path FILES = Path.of("src/test/resources/upstream-crds").toAbsolutePath();
    public static final List<String> NAMES = List.of("prometheusrules.monitoring.coreos.com",
            "podmonitors.monitoring.coreos.com", "servicemonitors.monitoring.coreos.com",
            "grafanadashboards.grafana.integreatly.org");

    private UpstreamCrds() {
    }

    /** Installs them (server-side apply, so again is a no-op) and waits until the API server serves them. */
    public static void install(TestCluster cluster) {
        CommandResult installed = cluster.kubectl("apply", "--server-side", "-f", FILES.toString());
        assertThat(installed.succeeded()).as(installed.describe()).isTrue();
        CommandResult established = cluster.kubectl(concat(List.of("wait", "--for=condition=Established",
                "--timeout=60s"), NAMES.stream().map(n -> "crd/" + n).toList()));
        assertThat(established.succeeded()).as(established.describe()).isTrue();
    }

    public static void remove(TestCluster cluster) {
        cluster.kubectl(concat(List.of("delete", "crd", "--ignore-not-found", "--wait=true"), NAMES));
    }

    private static String[] concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all.toArray(String[]::new);
    }
}
