package dev.tributary.runtime.source;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.table.types.logical.LogicalType;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A declared type reads as Flink SQL DDL reads it: a bare VARCHAR is a STRING, not a VARCHAR(1) that cuts. */
class ColumnsTest {

    private static final TableEnvironment TABLES = TableEnvironment.create(EnvironmentSettings.inStreamingMode());

    @ParameterizedTest
    @ValueSource(strings = {"VARCHAR", "varchar NOT NULL", "CHAR", "VARBINARY", "BINARY", "VARCHAR(3)", "CHAR(3)",
            "STRING", "ARRAY<VARCHAR>", "MAP<VARCHAR, CHAR>", "ROW<a VARCHAR, b VARBINARY>"})
    void readsADeclaredTypeAsFlinkSqlDdlDoes(String declared) {
        String table = "t" + Math.abs(declared.hashCode());
        TABLES.executeSql("CREATE TABLE " + table + " (c " + declared + ") WITH ('connector' = 'blackhole')");
        LogicalType ddl = TABLES.from(table).getResolvedSchema().getColumn("c").orElseThrow().getDataType()
                .getLogicalType();
        LogicalType ours = new Columns(new String[] {"c"}, new String[] {declared}).type(0);
        assertThat(ours).as(declared).isEqualTo(ddl);
    }
}
