package dev.tributary.e2e.cluster;

import java.time.Duration;

/** Waits for a Tributary resource's Ready condition, as {@code kubectl get} shows it. */
public final class ReadyCondition {

    private static final String JSON_PATH = "{.status.conditions[?(@.type==\"Ready\")].status}"
            + "|{.status.conditions[?(@.type==\"Ready\")].reason}|{.status.conditions[?(@.type==\"Ready\")].message}";

    private ReadyCondition() {
    }

    /** Waits until {@code kind ns/name} is Ready={@code status} for {@code reason}; returns the condition's message. */
    public static String await(TestCluster cluster, String kind, String ns, String name, String status, String reason,
            Duration timeout) {
        String expected = status + "|" + reason + "|";
        String[] last = new String[1];
        org.awaitility.Awaitility.await().atMost(timeout).pollInterval(Duration.ofMillis(500))
                .alias(kind + " " + ns + "/" + name + " Ready=" + status + " " + reason).until(() -> {
                    last[0] = cluster.kubectl("get", kind, name, "-n", ns, "-o", "jsonpath=" + JSON_PATH).stdout();
                    return last[0].startsWith(expected);
                });
        return last[0].substring(expected.length());
    }
}
