package dev.tributary.api.validation;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class FlinkTypeParserTest {

    @ParameterizedTest
    @ValueSource(strings = {"STRING", "string", "STRING NOT NULL", "BIGINT NULL", "VARCHAR(255)", "CHAR(1)",
            "DECIMAL(10, 2)", "DECIMAL(38,0)", "NUMERIC", "DOUBLE PRECISION", "TIMESTAMP(3)", "TIMESTAMP",
            "TIMESTAMP(3) WITHOUT TIME ZONE", "TIMESTAMP(6) WITH LOCAL TIME ZONE", "TIMESTAMP_LTZ(3) NOT NULL",
            "TIME(0)", "DATE", "BYTES", "VARBINARY(16)", "ARRAY<STRING>", "MAP<STRING, BIGINT>",
            "ROW<city STRING, zip STRING NOT NULL>", "ROW(a INT, b ARRAY<ROW<c DOUBLE>>)", "MULTISET<INT>",
            "ARRAY<MAP<STRING, ARRAY<INT>>> NOT NULL", "ROW<`order` STRING>"})
    void acceptsFlinkTypes(String type) {
        assertThat(FlinkTypeParser.problem(type)).as(type).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "TEXT | unknown type TEXT",
            "VARCHAR(0) | outside 1..",
            "DECIMAL(39, 2) | outside 0..38",
            "DECIMAL(5, 7) | scale 7 exceeds its precision 5",
            "TIMESTAMP(12) | outside 0..9",
            "ARRAY<STRING | expected '>'",
            "MAP<STRING> | expected ','",
            "ROW<a> | expected a type name",
            "STRING NOT | expected 'NULL'",
            "INT INT | unexpected 'INT'",
            "VARCHAR(x) | takes numbers",
            "STRING; DROP | unexpected ';"})
    void rejectsWithTheReason(String type, String reason) {
        assertThat(FlinkTypeParser.problem(type)).as(type).hasValueSatisfying(p -> {
            assertThat(p).contains(reason);
            assertThat(p).contains("is not a Flink SQL type");
        });
    }

    @org.junit.jupiter.api.Test
    void tellsTimestampsAndRequiredFields() {
        assertThat(FlinkTypeParser.isTimestamp("timestamp_ltz(3)")).isTrue();
        assertThat(FlinkTypeParser.isTimestamp("DATE")).isFalse();
        assertThat(FlinkTypeParser.isNotNull("STRING  not   null")).isTrue();
        assertThat(FlinkTypeParser.isNotNull("STRING")).isFalse();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "VARCHAR | STRING",
            "varchar NOT NULL | STRING NOT NULL",
            "VARCHAR(3) | VARCHAR(3)",
            "VARBINARY | BYTES",
            "CHAR | CHAR",
            "BINARY | BINARY",
            "ARRAY<VARCHAR> | ARRAY<STRING>",
            "ROW<varchar VARCHAR, b MAP<VARCHAR, VARCHAR(2)>> | ROW<varchar STRING, b MAP<STRING, VARCHAR(2)>>",
            "ROW<`VARCHAR` VARCHAR> | ROW<`VARCHAR` STRING>",
            "VARCHAR(x) | VARCHAR(x)"})
    void readsBareVarcharAsFlinkSqlDdlDoes(String declared, String canonical) {
        assertThat(FlinkTypeParser.canonical(declared)).isEqualTo(canonical);
    }
}
