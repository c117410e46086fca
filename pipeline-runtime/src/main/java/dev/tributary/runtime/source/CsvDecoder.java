package dev.tributary.runtime.source;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.RowType;

/**
 * One CSV line (RFC 4180: comma-separated, double quotes around fields that need them, {@code ""} inside quotes) to
 * a row, columns in declared order. An empty unquoted field is null; a quoted empty field is the empty string.
 */
public final class CsvDecoder implements RecordDecoder {

    private final String[] names;
    private final LogicalType[] types;

    public CsvDecoder(RowType rowType) {
        int n = rowType.getFieldCount();
        this.names = rowType.getFieldNames().toArray(String[]::new);
        this.types = new LogicalType[n];
        for (int i = 0; i < n; i++) {
            types[i] = rowType.getTypeAt(i);
            switch (types[i].getTypeRoot()) {
                case ARRAY, MAP, MULTISET, ROW, STRUCTURED_TYPE, RAW -> throw new IllegalArgumentException("column '"
                        + names[i] + "' has type " + types[i] + ", which csv cannot carry: use json or avro");
                default -> {
                }
            }
        }
    }

    @Override
    public RowData decode(byte[] value) throws BadRecordException {
        Utf8.check(value);
        String line = new String(value, StandardCharsets.UTF_8);
        List<String> fields = split(line);
        if (fields.size() != names.length) {
            throw new BadRecordException("expected " + names.length + " CSV fields, found " + fields.size());
        }
        GenericRowData row = new GenericRowData(names.length);
        for (int i = 0; i < names.length; i++) {
            String text = fields.get(i);
            if (text == null) {
                if (!types[i].isNullable()) {
                    throw new BadRecordException("required field '" + names[i] + "' is empty");
                }
                continue;
            }
            row.setField(i, TextValues.parse(names[i], types[i], text));
        }
        return row;
    }

    /** The fields of a line; null for an empty unquoted field. */
    static List<String> split(String line) throws BadRecordException {
        int end = line.length();
        while (end > 0 && (line.charAt(end - 1) == '\n' || line.charAt(end - 1) == '\r')) {
            end--;
        }
        List<String> fields = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        int i = 0;
        while (true) {
            if (i < end && line.charAt(i) == '"') {
                current.setLength(0);
                i++;
                while (true) {
                    if (i >= end) {
                        throw new BadRecordException("unterminated quoted CSV field");
                    }
                    char c = line.charAt(i);
                    if (c == '"') {
                        if (i + 1 < end && line.charAt(i + 1) == '"') {
                            current.append('"');
                            i += 2;
                            continue;
                        }
                        i++;
                        break;
                    }
                    current.append(c);
                    i++;
                }
                fields.add(current.toString());
                if (i < end && line.charAt(i) != ',') {
                    throw new BadRecordException("unexpected character after a quoted CSV field at position " + i);
                }
            } else {
                int start = i;
                while (i < end && line.charAt(i) != ',') {
                    if (line.charAt(i) == '"') {
                        throw new BadRecordException("quote inside an unquoted CSV field at position " + i);
                    }
                    i++;
                }
                fields.add(i == start ? null : line.substring(start, i));
            }
            if (i >= end) {
                return fields;
            }
            i++;
        }
    }
}
