package dev.tributary.runtime.sink;

import dev.tributary.sqlcheck.SinkColumnTypes;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.flink.table.data.ArrayData;
import org.apache.flink.table.data.MapData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.types.DataType;
import org.apache.flink.table.types.logical.ArrayType;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.MapType;
import org.apache.flink.table.types.logical.MultisetType;
import org.apache.flink.table.types.logical.RowType;
import org.apache.flink.table.types.logical.utils.LogicalTypeChecks;
import org.apache.flink.table.types.logical.utils.LogicalTypeParser;

/**
 * What a sink's declared column types promise that Flink would enforce by cutting or dropping: a value longer than
 * its {@code CHAR(n)}/{@code VARCHAR(n)}/{@code BINARY(n)}/{@code VARBINARY(n)} (the planner's CAST cuts it), and a
 * null in a {@code NOT NULL} column (the planner drops the row or fails the job). The sink's columns are declared to
 * Flink {@link #relaxed} — unlimited and nullable — so every value reaches the guard whole, and the guard names the
 * first column a row violates; the row then becomes a dead letter instead of being written.
 */
public final class SinkGuard implements Serializable {

    private static final long serialVersionUID = 1L;

    /** A column the guard checks: its position in the row and its declared type. */
    public record Check(int index, String name, LogicalType declared) implements Serializable {
    }

    /** Why a row cannot be written as declared. */
    public record Violation(String column, String message) {
    }

    private final List<Check> checks;

    public SinkGuard(List<Check> checks) {
        this.checks = List.copyOf(checks);
    }

    /** The checks for a sink's declared columns: those whose type limits a length or forbids null anywhere. */
    public static SinkGuard of(List<SinkColumn> columns) {
        List<Check> checks = new ArrayList<>();
        for (int i = 0; i < columns.size(); i++) {
            LogicalType declared = columns.get(i).type().getLogicalType();
            if (limits(declared)) {
                checks.add(new Check(i, columns.get(i).name(), declared));
            }
        }
        return new SinkGuard(checks);
    }

    static final String PREFIX = "guard.";

    /** As table options of the {@code tributary-counted} connector: per check its position, name and type. */
    Map<String, String> options() {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i < checks.size(); i++) {
            Check check = checks.get(i);
            options.put(PREFIX + i + ".index", String.valueOf(check.index()));
            options.put(PREFIX + i + ".name", check.name());
            options.put(PREFIX + i + ".type", check.declared().asSerializableString());
        }
        return options;
    }

    static SinkGuard fromOptions(Map<String, String> options) {
        List<Check> checks = new ArrayList<>();
        for (int i = 0; options.containsKey(PREFIX + i + ".index"); i++) {
            checks.add(new Check(Integer.parseInt(options.get(PREFIX + i + ".index")), options.get(PREFIX + i + ".name"),
                    LogicalTypeParser.parse(options.get(PREFIX + i + ".type"), SinkGuard.class.getClassLoader())));
        }
        return new SinkGuard(checks);
    }

    public List<Check> checks() {
        return checks;
    }

    public boolean isEmpty() {
        return checks.isEmpty();
    }

    /** The first column of {@code row} (in the relaxed row type) that does not fit its declared type. */
    public Optional<Violation> check(RowData row) {
        for (Check check : checks) {
            Object value = row.isNullAt(check.index()) ? null
                    : RowData.createFieldGetter(relaxed(check.declared()), check.index()).getFieldOrNull(row);
            String problem = problem(value, check.declared(), check.name());
            if (problem != null) {
                return Optional.of(new Violation(check.name(), problem));
            }
        }
        return Optional.empty();
    }

    /** The type a declared column has towards Flink: no length limit, nullable (also inside rows, arrays, maps). */
    public static DataType relaxed(DataType declared) {
        return SinkColumnTypes.relaxed(declared);
    }

    static LogicalType relaxed(LogicalType declared) {
        return SinkColumnTypes.relaxed(declared);
    }

    /** Whether a declared type says more than its relaxed form: a length limit or a NOT NULL somewhere. */
    static boolean limits(LogicalType declared) {
        return !declared.equals(relaxed(declared));
    }

    /** Why {@code value} does not fit {@code declared} (at {@code path}), or null when it does. */
    static String problem(Object value, LogicalType declared, String path) {
        if (value == null) {
            return declared.isNullable() ? null
                    : "column '" + path + "' is " + declared.asSummaryString() + " but the value is null";
        }
        switch (declared.getTypeRoot()) {
            case CHAR, VARCHAR -> {
                int length = LogicalTypeChecks.getLength(declared);
                String text = value.toString();
                int chars = text.codePointCount(0, text.length());
                return chars <= length ? null : "column '" + path + "' is " + declared.asSummaryString()
                        + " but the value has " + chars + " characters";
            }
            case BINARY, VARBINARY -> {
                int length = LogicalTypeChecks.getLength(declared);
                int bytes = ((byte[]) value).length;
                return bytes <= length ? null : "column '" + path + "' is " + declared.asSummaryString()
                        + " but the value has " + bytes + " bytes";
            }
            case ROW -> {
                RowType type = (RowType) declared;
                RowData nested = (RowData) value;
                for (int i = 0; i < type.getFieldCount(); i++) {
                    LogicalType field = type.getTypeAt(i);
                    Object v = nested.isNullAt(i) ? null
                            : RowData.createFieldGetter(relaxed(field), i).getFieldOrNull(nested);
                    String problem = problem(v, field, path + "." + type.getFieldNames().get(i));
                    if (problem != null) {
                        return problem;
                    }
                }
                return null;
            }
            case ARRAY -> {
                return elements((ArrayData) value, ((ArrayType) declared).getElementType(), path, "");
            }
            case MULTISET -> {
                return elements(((MapData) value).keyArray(), ((MultisetType) declared).getElementType(), path, "");
            }
            case MAP -> {
                MapType type = (MapType) declared;
                MapData map = (MapData) value;
                String problem = elements(map.keyArray(), type.getKeyType(), path, "key ");
                return problem != null ? problem : elements(map.valueArray(), type.getValueType(), path, "");
            }
            default -> {
                return null;
            }
        }
    }

    private static String elements(ArrayData array, LogicalType element, String path, String what) {
        ArrayData.ElementGetter getter = ArrayData.createElementGetter(relaxed(element));
        for (int i = 0; i < array.size(); i++) {
            String problem = problem(getter.getElementOrNull(array, i), element, path + "[" + what + i + "]");
            if (problem != null) {
                return problem;
            }
        }
        return null;
    }
}
