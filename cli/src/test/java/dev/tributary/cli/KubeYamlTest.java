package dev.tributary.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.StringReader;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class KubeYamlTest {

    private static JsonNode value(String scalar) {
        return KubeYaml.readAll(new StringReader("v: " + scalar + "\n")).get(0).tree().get("v");
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "y|true", "Y|true", "yes|true", "On|true", "ON|true", "n|false", "NO|false", "off|false", "True|true",
            "yES|\"yES\"", "~|null", "null|null", "Null|null", "0x1F|31", "012|10", "0o12|10", "09|9", "1_000|1000",
            "+5|5", "-0x10|-16", "0b101|5", "1e3|1000", "1.0|1", "1.5|1.5", ".5|0.5", "1:20|\"1:20\"",
            "2001-12-14|\"2001-12-14\"", "2001-12-14t21:59:43.10-05:00|\"2001-12-14t21:59:43.10-05:00\"",
            "'n'|\"n\"", "\"012\"|\"012\"", "!!str 5|\"5\"", "!!float 5|5", "abc|\"abc\"", "0x|\"0x\"",
            "9223372036854775807|9223372036854775807", "1_|1", "._5|\"._5\"" })
    void resolvesPlainScalarsAsGoYamlV2(String scalar, String json) {
        assertThat(value(scalar).toString()).isEqualTo(json);
    }

    @Test
    void anEmptyValueIsNull() {
        assertThat(value("").isNull()).isTrue();
    }

    @Test
    void remembersTheTextOfScalarsThatAreNotStrings() {
        KubeYaml.Read read = KubeYaml.readAll(new StringReader(
                "spec:\n  fields:\n  - name: y\n  - name: \"n\"\n  on: 1\n")).get(0);
        assertThat(read.retyped()).containsEntry("spec.fields[0].name", "y").containsEntry("spec.true#key", "on")
                .containsEntry("spec.true", "1").doesNotContainKey("spec.fields[1].name");
    }

    @Test
    void mergeKeysApplyInOrderAsGoYamlV2Does() {
        JsonNode tree = KubeYaml.readAll(new StringReader(
                "base: &b {a: 1, b: 2}\nm:\n  a: 0\n  <<: *b\n  b: 3\n")).get(0).tree();
        assertThat(tree.get("m").toString()).isEqualTo("{\"a\":1,\"b\":3}");
    }

    @Test
    void infinityCannotBeSentAsJson() {
        assertThatThrownBy(() -> KubeYaml.readAll(new StringReader("spec:\n  x: .inf\n")))
                .isInstanceOf(KubeYaml.Unreadable.class).hasMessageContaining("quote it: \".inf\"")
                .extracting(e -> ((KubeYaml.Unreadable) e).field()).isEqualTo("spec.x");
    }

    @Test
    void readsEveryDocument() {
        List<KubeYaml.Read> reads = KubeYaml.readAll(new StringReader("a: 1\n---\n---\nb: 2\n"));
        assertThat(reads).hasSize(3);
        assertThat(reads.get(1).tree() == null || reads.get(1).tree().isNull()).isTrue();
    }
}
