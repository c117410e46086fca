package dev.tributary.runtime.sink;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.apache.flink.table.api.DataTypes;
import org.apache.flink.table.data.GenericArrayData;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.types.logical.LogicalType;
import org.junit.jupiter.api.Test;

/** What the guard lets through to a sink and what it turns into a dead letter, and the types Flink sees. */
class SinkGuardTest {

    private static final List<SinkColumn> COLUMNS = List.of(
            new SinkColumn("id", DataTypes.BIGINT().notNull()),
            new SinkColumn("code", DataTypes.VARCHAR(3)),
            new SinkColumn("flag", DataTypes.CHAR(2)),
            new SinkColumn("free", DataTypes.STRING()),
            new SinkColumn("raw", DataTypes.BINARY(2)),
            new SinkColumn("tags", DataTypes.ARRAY(DataTypes.VARCHAR(1))),
            new SinkColumn("address", DataTypes.ROW(DataTypes.FIELD("zip", DataTypes.VARCHAR(5).notNull()))));

    private final SinkGuard guard = SinkGuard.of(COLUMNS);

    @Test
    void checksOnlyColumnsWhoseTypeLimitsALengthOrForbidsNull() {
        assertThat(guard.checks()).extracting(SinkGuard.Check::name)
                .containsExactly("id", "code", "flag", "raw", "tags", "address");
    }

    @Test
    void aStringFitsUpToItsDeclaredLengthInCharactersAndNotOneMore() {
        for (int n = 0; n <= 5; n++) {
            int length = n;
            Optional<SinkGuard.Violation> v = guard.check(row(1L, "x".repeat(length), "ab", "anything", null));
            if (length <= 3) {
                assertThat(v).as("length %d", length).isEmpty();
            } else {
                assertThat(v).as("length %d", length).hasValueSatisfying(violation -> {
                    assertThat(violation.column()).isEqualTo("code");
                    assertThat(violation.message()).isEqualTo(
                            "column 'code' is VARCHAR(3) but the value has " + length + " characters");
                });
            }
        }
        assertThat(guard.check(row(1L, "äöü", "ab", "", null))).as("characters, not UTF-8 bytes").isEmpty();
        assertThat(guard.check(row(1L, "a", "abc", "", null))).hasValueSatisfying(v ->
                assertThat(v.message()).isEqualTo("column 'flag' is CHAR(2) but the value has 3 characters"));
        assertThat(guard.check(row(1L, "a", "a", "x".repeat(100_000), null))).as("STRING has no limit").isEmpty();
    }

    @Test
    void bytesNullsAndNestedValuesAreCheckedWithTheColumnNamed() {
        assertThat(guard.check(row(null, "a", "a", "", null))).hasValueSatisfying(v -> {
            assertThat(v.column()).isEqualTo("id");
            assertThat(v.message()).isEqualTo("column 'id' is BIGINT NOT NULL but the value is null");
        });
        GenericRowData raw = row(1L, "a", "a", "", null);
        raw.setField(4, new byte[] {1, 2, 3});
        assertThat(guard.check(raw)).hasValueSatisfying(v ->
                assertThat(v.message()).isEqualTo("column 'raw' is BINARY(2) but the value has 3 bytes"));
        GenericRowData tags = row(1L, "a", "a", "", null);
        tags.setField(5, new GenericArrayData(new Object[] {StringData.fromString("a"), StringData.fromString("bc")}));
        assertThat(guard.check(tags)).hasValueSatisfying(v ->
                assertThat(v.message()).isEqualTo("column 'tags[1]' is VARCHAR(1) but the value has 2 characters"));
        GenericRowData zip = row(1L, "a", "a", "", null);
        zip.setField(6, GenericRowData.of((Object) null));
        assertThat(guard.check(zip)).hasValueSatisfying(v -> {
            assertThat(v.column()).isEqualTo("address");
            assertThat(v.message()).isEqualTo("column 'address.zip' is VARCHAR(5) NOT NULL but the value is null");
        });
        zip.setField(6, GenericRowData.of(StringData.fromString("12345")));
        assertThat(guard.check(zip)).isEmpty();
    }

    @Test
    void flinkSeesEveryColumnUnlimitedAndNullableSoThePlannerCutsAndDropsNothing() {
        assertThat(COLUMNS.stream().map(c -> SinkGuard.relaxed(c.type()).getLogicalType().asSummaryString()))
                .containsExactly("BIGINT", "STRING", "STRING", "STRING", "BYTES", "ARRAY<STRING>",
                        "ROW<`zip` STRING>");
    }

    @Test
    void travelsAsTableOptions() {
        SinkGuard back = SinkGuard.fromOptions(guard.options());
        assertThat(back.checks()).isEqualTo(guard.checks());
        LogicalType address = back.checks().get(5).declared();
        assertThat(address.asSummaryString()).isEqualTo("ROW<`zip` VARCHAR(5) NOT NULL>");
    }

    private static GenericRowData row(Long id, String code, String flag, String free, byte[] raw) {
        return GenericRowData.of(id, code == null ? null : StringData.fromString(code),
                flag == null ? null : StringData.fromString(flag), StringData.fromString(free), raw, null, null);
    }

}
