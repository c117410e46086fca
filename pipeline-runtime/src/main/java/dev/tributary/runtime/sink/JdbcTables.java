package dev.tributary.runtime.sink;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Locale;
import java.util.StringJoiner;
import org.apache.flink.table.types.logical.DecimalType;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.utils.LogicalTypeChecks;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates a JDBC sink's table in PostgreSQL when it does not exist yet, with the upsert key as its primary key (the
 * upsert needs a unique constraint on it). An existing table is left alone: its owner decides its shape.
 */
public final class JdbcTables {

    private static final Logger LOG = LoggerFactory.getLogger(JdbcTables.class);

    private JdbcTables() {
    }

    public static void createIfMissing(String url, String user, String password, String table,
            List<SinkColumn> columns, List<String> key) {
        try (Connection c = DriverManager.getConnection(url, user, password)) {
            if (exists(c, table)) {
                return;
            }
            String ddl = createStatement(table, columns, key);
            try (Statement s = c.createStatement()) {
                s.execute(ddl);
            }
            LOG.info("Created table {}: {}", table, ddl);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot prepare table '" + table + "' at " + url + ": " + e.getMessage()
                    + " (create it yourself, or grant CREATE on its schema)", e);
        }
    }

    static boolean exists(Connection c, String table) throws SQLException {
        String schema = null;
        String name = table;
        int dot = table.indexOf('.');
        if (dot > 0) {
            schema = table.substring(0, dot);
            name = table.substring(dot + 1);
        }
        DatabaseMetaData meta = c.getMetaData();
        try (ResultSet rs = meta.getTables(null, schema == null ? null : schema.toLowerCase(Locale.ROOT),
                name.toLowerCase(Locale.ROOT), new String[] {"TABLE", "PARTITIONED TABLE", "VIEW"})) {
            return rs.next();
        }
    }

    /** PostgreSQL DDL for the columns; identifiers unquoted, as Flink's PostgreSQL dialect writes them. */
    public static String createStatement(String table, List<SinkColumn> columns, List<String> key) {
        StringJoiner body = new StringJoiner(", ", "CREATE TABLE IF NOT EXISTS " + table + " (", ")");
        for (SinkColumn column : columns) {
            LogicalType type = column.type().getLogicalType();
            body.add(column.name() + " " + postgresType(column.name(), type)
                    + (type.isNullable() && !key.contains(column.name()) ? "" : " NOT NULL"));
        }
        if (!key.isEmpty()) {
            body.add("PRIMARY KEY (" + String.join(", ", key) + ")");
        }
        return body.toString();
    }

    static String postgresType(String column, LogicalType type) {
        return switch (type.getTypeRoot()) {
            case CHAR, VARCHAR -> "TEXT";
            case BOOLEAN -> "BOOLEAN";
            case TINYINT, SMALLINT -> "SMALLINT";
            case INTEGER -> "INTEGER";
            case BIGINT -> "BIGINT";
            case FLOAT -> "REAL";
            case DOUBLE -> "DOUBLE PRECISION";
            case DECIMAL -> "NUMERIC(" + ((DecimalType) type).getPrecision() + ", " + ((DecimalType) type).getScale()
                    + ")";
            case DATE -> "DATE";
            case TIME_WITHOUT_TIME_ZONE -> "TIME";
            case TIMESTAMP_WITHOUT_TIME_ZONE -> "TIMESTAMP(" + Math.min(6, LogicalTypeChecks.getPrecision(type)) + ")";
            case TIMESTAMP_WITH_LOCAL_TIME_ZONE -> "TIMESTAMPTZ(" + Math.min(6, LogicalTypeChecks.getPrecision(type))
                    + ")";
            case BINARY, VARBINARY -> "BYTEA";
            default -> throw new IllegalArgumentException("column '" + column + "' has type " + type
                    + ", which the JDBC sink cannot write to PostgreSQL: cast it in the query (e.g. to STRING)");
        };
    }
}
