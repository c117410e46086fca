package dev.tributary.runtime.generator;

import java.nio.charset.StandardCharsets;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.RowType;

/**
 * A row as one CSV line, columns in declared order: a null is an empty field, an empty text is {@code ""}, a field
 * with a comma, quote or line break is quoted.
 */
final class CsvRecordEncoder implements RecordEncoder {

    private final LogicalType[] types;

    CsvRecordEncoder(RowType rowType) {
        this.types = rowType.getChildren().toArray(LogicalType[]::new);
        for (int i = 0; i < types.length; i++) {
            switch (types[i].getTypeRoot()) {
                case ARRAY, MAP, MULTISET, ROW -> throw new IllegalArgumentException("column '"
                        + rowType.getFieldNames().get(i) + "' has type " + types[i] + ", which csv cannot carry:"
                        + " set the Source's format to json or avro");
                default -> {
                }
            }
        }
    }

    @Override
    public byte[] encode(GenericRowData row) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < types.length; i++) {
            if (i > 0) {
                line.append(',');
            }
            Object value = row.getField(i);
            if (value != null) {
                line.append(quoted(ValueText.of(types[i], value)));
            }
        }
        return line.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static String quoted(String text) {
        return text.isEmpty() || text.contains(",") || text.contains("\"") || text.contains("\n")
                || text.contains("\r") ? "\"" + text.replace("\"", "\"\"") + "\"" : text;
    }
}
