package dev.tributary.bench.scale;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditWritesTest {

    private static String event(String agent, String verb, String ns, String resource, String subresource, String at,
            String stage) {
        return "{\"stage\":\"" + stage + "\",\"verb\":\"" + verb + "\",\"userAgent\":\"" + agent + "\","
                + "\"requestReceivedTimestamp\":\"" + at + "\",\"objectRef\":{\"resource\":\"" + resource + "\","
                + "\"namespace\":\"" + ns + "\"" + (subresource == null ? "" : ",\"subresource\":\"" + subresource + "\"")
                + "}}";
    }

    @Test
    void countsOnlyTheWritesOfOneUserAgentInTheWindowByResourceAndVerb(@TempDir Path dir) throws Exception {
        String op = "tributary-operator/pod-1";
        Path log = dir.resolve("audit.log");
        Files.writeString(log, String.join("\n",
                event(op, "patch", "ns", "deployments", null, "2026-12-05T00:00:01Z", "ResponseComplete"),
                event(op, "patch", "ns", "deployments", null, "2026-12-05T00:00:02Z", "ResponseComplete"),
                event(op, "patch", "ns", "pipelines", "status", "2026-12-05T00:00:03Z", "ResponseComplete"),
                event(op, "update", "default", "leases", null, "2026-12-05T00:00:03Z", "ResponseComplete"),
                event(op, "get", "ns", "deployments", null, "2026-12-05T00:00:03Z", "ResponseComplete"),
                event(op, "create", "ns", "events", null, "2026-12-05T00:00:03Z", "Panic"),
                event("kube-controller-manager/v1.31", "create", "ns", "pods", null, "2026-12-05T00:00:03Z",
                        "ResponseComplete"),
                event(op, "create", "ns", "configmaps", null, "2026-12-05T00:01:00Z", "ResponseComplete"),
                "{\"stage\":\"ResponseComp") + "\n");

        Map<String, Long> writes = AuditWrites.count(log, "tributary-operator/", "ns",
                Instant.parse("2026-12-05T00:00:00Z"), Instant.parse("2026-12-05T00:00:30Z"));

        assertThat(writes).containsExactlyInAnyOrderEntriesOf(Map.of("deployments patch", 2L,
                "pipelines/status patch", 1L, "elsewhere: default leases update", 1L));
        assertThat(AuditWrites.total(writes)).as("writes in the namespace only").isEqualTo(3);
    }
}
