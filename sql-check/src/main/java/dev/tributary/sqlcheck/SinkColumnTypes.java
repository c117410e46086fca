package dev.tributary.sqlcheck;

import org.apache.flink.table.types.DataType;
import org.apache.flink.table.types.logical.ArrayType;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.MapType;
import org.apache.flink.table.types.logical.MultisetType;
import org.apache.flink.table.types.logical.RowType;
import org.apache.flink.table.types.logical.VarBinaryType;
import org.apache.flink.table.types.logical.VarCharType;
import org.apache.flink.table.types.utils.TypeConversions;

/**
 * How a sink's declared column types are declared to Flink, by the runtime and by the SQL check alike: without
 * length limits and nullable, so every value reaches the runtime's sink guard whole (which dead-letters what does
 * not fit the declared type) instead of being cut or dropped by the planner's casts.
 */
public final class SinkColumnTypes {

    private SinkColumnTypes() {
    }

    /** The type a declared column has towards Flink: no length limit, nullable (also inside rows, arrays, maps). */
    public static DataType relaxed(DataType declared) {
        return TypeConversions.fromLogicalToDataType(relaxed(declared.getLogicalType()));
    }

    public static LogicalType relaxed(LogicalType declared) {
        return switch (declared.getTypeRoot()) {
            case CHAR, VARCHAR -> new VarCharType(true, VarCharType.MAX_LENGTH);
            case BINARY, VARBINARY -> new VarBinaryType(true, VarBinaryType.MAX_LENGTH);
            case ROW -> new RowType(true, ((RowType) declared).getFields().stream()
                    .map(f -> new RowType.RowField(f.getName(), relaxed(f.getType()), f.getDescription().orElse(null)))
                    .toList());
            case ARRAY -> new ArrayType(true, relaxed(((ArrayType) declared).getElementType()));
            case MULTISET -> new MultisetType(true, relaxed(((MultisetType) declared).getElementType()));
            case MAP -> new MapType(true, relaxed(((MapType) declared).getKeyType()),
                    relaxed(((MapType) declared).getValueType()));
            default -> declared.copy(true);
        };
    }
}
