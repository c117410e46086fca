package dev.tributary.e2e.argocd;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tributary.e2e.cluster.CommandResult;
import dev.tributary.e2e.cluster.TestCluster;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Captures a resource as the API server serves it ({@code kubectl get -o json}), at a moment a suite knows its
 * state, as a fixture for the Argo CD health checks ({@code helm/argocd/test/fixtures/<kind>/<state>.json}). Only
 * when the system property {@value #PROPERTY} names the fixtures directory; otherwise nothing is written.
 */
public final class HealthFixtures {

    public static final String PROPERTY = "tributary.argocd.fixtures";
    private static final ObjectMapper JSON = new ObjectMapper();

    private HealthFixtures() {
    }

    public static void capture(TestCluster cluster, String kind, String namespace, String name, String state) {
        String dir = System.getProperty(PROPERTY);
        if (dir == null || dir.isBlank()) {
            return;
        }
        CommandResult get = cluster.kubectl("get", kind.toLowerCase() + ".tributary.dev", name, "-n", namespace,
                "-o", "json");
        if (!get.succeeded()) {
            throw new AssertionError(get.describe());
        }
        try {
            ObjectNode object = (ObjectNode) JSON.readTree(get.stdout());
            ((ObjectNode) object.path("metadata")).remove("managedFields");
            Path file = Path.of(dir, kind.toLowerCase(), state + ".json");
            Files.createDirectories(file.getParent());
            Files.writeString(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(object) + "\n");
            System.out.printf("[argocd] captured %s/%s as %s%n", kind, name, file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
