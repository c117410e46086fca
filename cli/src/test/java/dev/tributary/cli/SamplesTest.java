package dev.tributary.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every sample is realistic and clean: it validates, and its YAML reads into our classes with no unknown field. */
class SamplesTest {

    static final Path SAMPLES = Path.of("..", "samples");

    static Stream<Path> samples() throws IOException {
        try (Stream<Path> s = Files.list(SAMPLES)) {
            return s.filter(Files::isDirectory).sorted().toList().stream();
        }
    }

    static Stream<Path> sampleYaml() throws IOException {
        try (Stream<Path> s = Files.walk(SAMPLES)) {
            return s.filter(Files::isRegularFile).filter(YamlLoader::isYaml).sorted().toList().stream();
        }
    }

    @Test
    void thereAreAtLeastThreeSamples() throws IOException {
        assertThat(samples().map(p -> p.getFileName().toString()))
                .contains("clickstream", "iot-sensors", "payment-fraud");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void everySampleValidatesClean(Path sample) {
        ValidateCorpusTest.Run run = ValidateCorpusTest.validate(sample.toString());

        assertThat(run.lines()).isEmpty();
        assertThat(run.exitCode()).isZero();
        assertThat(run.err()).contains("ok: no problems found");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void everySampleHasAReadmeAndAPipeline(Path sample) throws IOException {
        assertThat(sample.resolve("README.md")).isRegularFile();
        try (Stream<Path> s = Files.walk(sample)) {
            assertThat(s.filter(YamlLoader::isYaml)).isNotEmpty();
        }
        assertThat(Files.readString(sample.resolve("README.md"))).contains("tributary validate");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("sampleYaml")
    void everySampleYamlDeserialisesWithNoUnknownFields(Path file) throws IOException {
        int documents = 0;
        try (MappingIterator<JsonNode> it = YamlLoader.YAML.readerFor(JsonNode.class).readValues(file.toFile())) {
            for (JsonNode doc : it.readAll()) {
                if (doc == null || doc.isNull()) {
                    continue;
                }
                documents++;
                String kind = doc.path("kind").asText();
                assertThat(Validator.CLASSES).as("kind of a document in %s", file).containsKey(kind);
                assertThatCode(() -> Validator.STRICT.treeToValue(doc, Validator.CLASSES.get(kind)))
                        .as("%s %s", kind, doc.path("metadata").path("name").asText()).doesNotThrowAnyException();
            }
        }
        assertThat(documents).isPositive();
    }

    @Test
    void theSamplesTogetherCoverEveryKind() throws IOException {
        List<String> kinds = sampleYaml().flatMap(f -> {
            try (MappingIterator<JsonNode> it = YamlLoader.YAML.readerFor(JsonNode.class).readValues(f.toFile())) {
                return it.readAll().stream().map(d -> d.path("kind").asText()).toList().stream();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }).toList();
        assertThat(kinds).contains("Source", "Sink", "Pipeline", "Dashboard");
    }
}
