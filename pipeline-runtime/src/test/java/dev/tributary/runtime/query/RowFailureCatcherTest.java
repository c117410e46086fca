package dev.tributary.runtime.query;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.runtime.deadletter.DeadLetterFit;
import dev.tributary.runtime.deadletter.RowJson;
import org.apache.flink.table.types.logical.IntType;
import org.apache.flink.table.types.logical.MultisetType;
import org.apache.flink.table.types.logical.RowType;
import org.apache.flink.table.types.logical.VarCharType;
import org.junit.jupiter.api.Test;

class RowFailureCatcherTest {

    /**
     * A query whose rows after a shuffle hold a type JSON cannot write (COLLECT gives a MULTISET of numbers) must
     * still build: the catcher writes such a row as Flink's text of it, when one fails.
     */
    @Test
    void aRowTypeJsonCannotWriteDoesNotStopTheJobFromBeingBuilt() {
        RowType rows = RowType.of(new VarCharType(VarCharType.MAX_LENGTH), new MultisetType(new IntType()));
        assertThatThrownBy(() -> RowJson.of(rows)).as("JSON refuses a MULTISET of numbers")
                .isInstanceOf(RuntimeException.class).hasMessageContaining("MULTISET");
        assertThatCode(() -> new RowFailureCatcher("Calc", "Calc(select=[user_id, c])", rows, new DeadLetterFit(1 << 20)))
                .doesNotThrowAnyException();
    }
}
