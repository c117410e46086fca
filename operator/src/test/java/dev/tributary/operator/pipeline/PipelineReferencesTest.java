package dev.tributary.operator.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.api.v1alpha1.Condition;
import dev.tributary.api.v1alpha1.Sink;
import dev.tributary.api.v1alpha1.SinkStatus;
import dev.tributary.api.v1alpha1.Source;
import dev.tributary.api.v1alpha1.SourceStatus;
import dev.tributary.operator.status.Conditions;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A Pipeline's references to Sources and Sinks become the reason it is not Ready, with what to do. */
class PipelineReferencesTest {

    private static Source source(Condition ready) {
        Source source = Serialization.unmarshal(PipelineFixtures.CLICKS, Source.class);
        if (ready != null) {
            source.setStatus(new SourceStatus());
            source.getStatus().conditions.add(ready);
        }
        return source;
    }

    private static Sink sink(Condition ready) {
        Sink sink = Serialization.unmarshal(PipelineFixtures.SESSIONS, Sink.class);
        if (ready != null) {
            sink.setStatus(new SinkStatus());
            sink.getStatus().conditions.add(ready);
        }
        return sink;
    }

    private static Optional<Condition> problem(Map<String, Source> sources, Map<String, Sink> sinks) {
        return PipelineReferences.problem("shop", List.of("clicks"), sources, List.of("sessions"), sinks);
    }

    @Test
    void allReadyIsNoProblem() {
        assertThat(problem(Map.of("clicks", source(Conditions.ready("TopicReady", "ok"))),
                Map.of("sessions", sink(Conditions.ready("TopicReady", "ok"))))).isEmpty();
    }

    @Test
    void aMissingSourceSaysWhichAndWhatToDo() {
        Condition c = problem(Map.of(), Map.of()).orElseThrow();
        assertThat(c.status).isEqualTo(Condition.FALSE);
        assertThat(c.reason).isEqualTo("SourceNotFound");
        assertThat(c.message).isEqualTo("spec.sources[0]: Source clicks does not exist in namespace shop: create"
                + " it, or remove it from spec.sources.");
    }

    @Test
    void anUnreadySourceNamesItsReason() {
        Condition c = problem(Map.of("clicks", source(Conditions.notReady("KafkaUnavailable", "down"))), Map.of())
                .orElseThrow();
        assertThat(c.reason).isEqualTo("SourceNotReady");
        assertThat(c.message).contains("Source clicks is not Ready (KafkaUnavailable)");
        assertThat(problem(Map.of("clicks", source(null)), Map.of()).orElseThrow().message)
                .as("never reconciled").contains("is not Ready yet");
    }

    @Test
    void sinksAreCheckedOnceTheSourcesAreFine() {
        Map<String, Source> ready = Map.of("clicks", source(Conditions.ready("TopicReady", "ok")));
        assertThat(problem(ready, Map.of()).orElseThrow().reason).isEqualTo("SinkNotFound");
        assertThat(problem(ready, Map.of("sessions", sink(null))).orElseThrow().reason).isEqualTo("SinkNotReady");
    }
}
