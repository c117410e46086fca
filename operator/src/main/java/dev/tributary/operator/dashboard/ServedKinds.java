package dev.tributary.operator.dashboard;

import io.fabric8.kubernetes.api.model.APIResourceList;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;

/**
 * Whether the API server serves a kind whose CRD another project installs (PrometheusRule, PodMonitor,
 * GrafanaDashboard): asked through discovery, which every authenticated client may read, on each reconcile, so a CRD
 * installed later is used on the next resync.
 */
public final class ServedKinds {

    private final KubernetesClient client;

    public ServedKinds(KubernetesClient client) {
        this.client = client;
    }

    public boolean serves(String apiVersion, String kind) {
        try {
            APIResourceList resources = client.getApiResources(apiVersion);
            return resources != null && resources.getResources().stream().anyMatch(r -> kind.equals(r.getKind()));
        } catch (KubernetesClientException e) {
            if (e.getCode() == 404) {
                return false;
            }
            throw e;
        }
    }
}
