package dev.tributary.runtime.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.apache.flink.table.api.DataTypes;
import org.junit.jupiter.api.Test;

class JdbcTablesTest {

    @Test
    void createsTheTableWithTheUpsertKeyAsPrimaryKey() {
        String ddl = JdbcTables.createStatement("public.totals", List.of(
                new SinkColumn("user_id", DataTypes.STRING()), new SinkColumn("clicks", DataTypes.BIGINT().notNull()),
                new SinkColumn("amount", DataTypes.DECIMAL(10, 2)), new SinkColumn("at", DataTypes.TIMESTAMP(3)),
                new SinkColumn("seen", DataTypes.TIMESTAMP_LTZ(3)), new SinkColumn("ok", DataTypes.BOOLEAN())),
                List.of("user_id"));
        assertThat(ddl).isEqualTo("CREATE TABLE IF NOT EXISTS public.totals (user_id TEXT NOT NULL, clicks BIGINT NOT"
                + " NULL, amount NUMERIC(10, 2), at TIMESTAMP(3), seen TIMESTAMPTZ(3), ok BOOLEAN, PRIMARY KEY (user_id))");
    }

    @Test
    void saysWhichColumnCannotBeWritten() {
        assertThatThrownBy(() -> JdbcTables.createStatement("t",
                List.of(new SinkColumn("tags", DataTypes.ARRAY(DataTypes.STRING()))), List.of()))
                .hasMessageContaining("column 'tags'").hasMessageContaining("cast it in the query");
    }
}
