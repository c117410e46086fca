package dev.tributary.runtime.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDateTime;
import org.apache.flink.table.data.TimestampData;
import org.apache.flink.table.types.logical.TimestampType;
import org.apache.flink.table.types.logical.BooleanType;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class TextValuesTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "2024-05-01 12:30:45.123|2024-05-01T12:30:45.123",
        "2024-05-01T12:30:45.123|2024-05-01T12:30:45.123",
        "2024-05-01T12:30:45.123Z|2024-05-01T12:30:45.123",
        "2024-05-01T14:30:45.123+02:00|2024-05-01T12:30:45.123",
        "2024-05-01T12:30|2024-05-01T12:30:00",
        "2024-05-01 12:30:45|2024-05-01T12:30:45",
        "1714566645123|2024-05-01T12:30:45.123",
        "2024-05-01T12:30:45.123456789|2024-05-01T12:30:45.123",
    })
    void readsTimestampsInSqlIsoAndEpochFormsCutToTheDeclaredPrecision(String text, String expected) throws Exception {
        TimestampData value = (TimestampData) TextValues.parse("ts", new TimestampType(3), text);
        assertThat(value.toLocalDateTime()).isEqualTo(LocalDateTime.parse(expected));
    }

    @Test
    void refusesWhatIsNotATimestampOrABoolean() {
        assertThatThrownBy(() -> TextValues.parse("ts", new TimestampType(3), "2024-13-45 99:00"))
                .isInstanceOf(BadRecordException.class).hasMessage("column 'ts': '2024-13-45 99:00' is not a valid TIMESTAMP(3)");
        assertThatThrownBy(() -> TextValues.parse("b", new BooleanType(), "yes"))
                .isInstanceOf(BadRecordException.class).hasMessageContaining("is not a BOOLEAN");
    }
}
