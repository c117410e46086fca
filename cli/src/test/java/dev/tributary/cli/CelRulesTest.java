package dev.tributary.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The CRDs' CEL rules are evaluated offline, not skipped. */
class CelRulesTest {

    final CrdSchemas schemas = CrdSchemas.fromClasspath();
    final CelRules cel = new CelRules();

    @Test
    void everyRuleOfEveryCrdCompiles() {
        int rules = 0;
        for (String kind : CrdSchemas.KINDS) {
            for (String rule : CelRules.rulesOf(schemas.schema(kind))) {
                if (rule.contains("oldSelf")) {
                    continue;
                }
                rules++;
                assertThat(cel.compiles(rule)).as("%s rule %s", kind, rule).isTrue();
            }
        }
        assertThat(rules).isGreaterThanOrEqualTo(35);
    }

    @Test
    void aBrokenRuleIsReportedAtItsFieldWithItsMessage() throws Exception {
        JsonNode sink = YamlLoader.YAML.readTree("""
                apiVersion: tributary.dev/v1alpha1
                kind: Sink
                metadata: {name: out}
                spec:
                  kafka: {topic: {name: t.out}}
                  webhook: {url: 'https://hooks.example/x'}
                """);

        assertThat(cel.check("", sink, schemas.schema("Sink")))
                .anySatisfy(p -> assertThat(p.field()).isEqualTo("spec"));
    }

    @Test
    void aValidResourceBreaksNoRule() throws Exception {
        JsonNode pipeline = YamlLoader.YAML.readTree("""
                apiVersion: tributary.dev/v1alpha1
                kind: Pipeline
                metadata: {name: p}
                spec:
                  sources: [a]
                  sinks: [b]
                  sql: INSERT INTO b SELECT * FROM a
                  parallelism: {initial: 2, min: 1, max: 4}
                  checkpoints: {interval: 30s, storage: {volume: {size: 1Gi}}}
                """);

        assertThat(cel.check("", pipeline, schemas.schema("Pipeline"))).isEmpty();
    }

    @Test
    void intConversionsOfStringsWork() throws Exception {
        assertThat(CelRules.dynArguments("int(self.config['a(b)']) < self.x && xint(1) == 1", "int"))
                .isEqualTo("int(dyn(self.config['a(b)'])) < self.x && xint(1) == 1");
        JsonNode source = YamlLoader.YAML.readTree("""
                apiVersion: tributary.dev/v1alpha1
                kind: Source
                metadata: {name: s}
                spec:
                  topic: {partitions: 3, replicationFactor: 3, config: {min.insync.replicas: "3"}}
                  schema: {fields: [{name: a, type: STRING}]}
                """);

        assertThat(cel.check("", source, schemas.schema("Source")))
                .singleElement().satisfies(p -> assertThat(p.field()).startsWith("spec.topic"));
    }

    @Test
    void transitionRulesAreLeftToTheApiServer() {
        List<String> rules = CelRules.rulesOf(schemas.schema("Source"));
        assertThat(rules).anySatisfy(r -> assertThat(r).contains("oldSelf"));
    }
}
