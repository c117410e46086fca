package dev.tributary.runtime.source;

import dev.tributary.api.plan.FieldPlan;
import dev.tributary.api.validation.FlinkTypeParser;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.table.types.DataType;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.RowType;
import org.apache.flink.table.types.logical.utils.LogicalTypeParser;
import org.apache.flink.table.types.utils.TypeConversions;

/**
 * A declared schema as Flink types: column names and Flink SQL type strings (as the plan writes them), kept as
 * strings so the schema can travel inside serialized operators and be parsed again where it is used.
 */
public record Columns(String[] names, String[] types) implements Serializable {

    public static Columns of(List<FieldPlan> fields) {
        List<String> names = new ArrayList<>();
        List<String> types = new ArrayList<>();
        for (FieldPlan field : fields) {
            names.add(field.name());
            types.add(field.type());
        }
        return new Columns(names.toArray(String[]::new), types.toArray(String[]::new));
    }

    public int size() {
        return names.length;
    }

    public int indexOf(String name) {
        for (int i = 0; i < names.length; i++) {
            if (names[i].equals(name)) {
                return i;
            }
        }
        return -1;
    }

    /** The row type; a type the plan carries that Flink does not know is refused with the column named. */
    public RowType rowType() {
        List<RowType.RowField> fields = new ArrayList<>();
        for (int i = 0; i < names.length; i++) {
            fields.add(new RowType.RowField(names[i], type(i)));
        }
        return new RowType(false, fields);
    }

    public DataType dataType() {
        return TypeConversions.fromLogicalToDataType(rowType());
    }

    public LogicalType type(int i) {
        try {
            return LogicalTypeParser.parse(FlinkTypeParser.canonical(types[i]), Columns.class.getClassLoader());
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("column '" + names[i] + "' has type '" + types[i]
                    + "', which Flink cannot read: " + e.getMessage(), e);
        }
    }
}
