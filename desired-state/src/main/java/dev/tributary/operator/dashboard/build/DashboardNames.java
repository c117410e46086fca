package dev.tributary.operator.dashboard.build;

import dev.tributary.api.v1alpha1.Dashboard;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** The names of a Dashboard's children and its Grafana uid, all derived from its namespace and name. */
public final class DashboardNames {

    /** Grafana accepts uids of at most 40 characters. */
    static final int UID_HEX = 24;

    private DashboardNames() {
    }

    /** The ConfigMap the Grafana sidecar reads, or the GrafanaDashboard. */
    public static String grafana(Dashboard dashboard) {
        return dashboard.getMetadata().getName() + "-grafana";
    }

    public static String alerts(Dashboard dashboard) {
        return dashboard.getMetadata().getName() + "-alerts";
    }

    public static String podMonitor(Dashboard dashboard) {
        return dashboard.getMetadata().getName() + "-pipelines";
    }

    /** The JSON file's name in the ConfigMap: the sidecar writes it under this name. */
    public static String jsonKey(Dashboard dashboard) {
        return dashboard.getMetadata().getNamespace() + "-" + dashboard.getMetadata().getName() + ".json";
    }

    /** Stable across reconciles and clusters: the same namespace and name give the same Grafana uid. */
    public static String uid(String namespace, String name) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest((namespace + "/" + name).getBytes(StandardCharsets.UTF_8));
            return "tributary-" + HexFormat.of().formatHex(digest, 0, UID_HEX / 2);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
