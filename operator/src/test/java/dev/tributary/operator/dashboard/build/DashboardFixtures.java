package dev.tributary.operator.dashboard.build;

import dev.tributary.api.v1alpha1.Dashboard;
import dev.tributary.api.v1alpha1.Pipeline;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.List;

/** Dashboards and Pipelines written the way users write them. */
public final class DashboardFixtures {

    private DashboardFixtures() {
    }

    public static Pipeline pipeline(String namespace, String name, String labels, String extraSpec) {
        Pipeline pipeline = Serialization.unmarshal("""
                apiVersion: tributary.dev/v1alpha1
                kind: Pipeline
                metadata: {name: %s, namespace: %s, uid: %s-uid, labels: {%s}}
                spec:
                  sources: [clicks]
                  sinks: [sessions]
                  sql: INSERT INTO sessions SELECT * FROM clicks
                %s
                """.formatted(name, namespace, name, labels, extraSpec.indent(2)), Pipeline.class);
        return pipeline;
    }

    public static Dashboard dashboard(String namespace, String name, String spec) {
        return Serialization.unmarshal("""
                apiVersion: tributary.dev/v1alpha1
                kind: Dashboard
                metadata: {name: %s, namespace: %s, uid: dash-uid}
                spec:
                %s
                """.formatted(name, namespace, spec.indent(2)), Dashboard.class);
    }

    /** Two Pipelines in shop (one autoscaled up to 6 with 2 slots, one suspended) and one elsewhere. */
    public static List<Pipeline> shop() {
        return List.of(
                pipeline("shop", "sessionize", "team: web", """
                        parallelism: {initial: 2, min: 1, max: 6}
                        autoscaling: {enabled: true}
                        checkpoints: {interval: 20s}
                        resources: {taskManager: {taskSlots: 2}}"""),
                pipeline("shop", "enrich", "team: web, tier: gold", "state: suspended"),
                pipeline("shop", "audit", "team: sec", ""),
                pipeline("other", "sessionize", "team: web", ""));
    }
}
