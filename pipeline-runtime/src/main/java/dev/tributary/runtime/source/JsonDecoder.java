package dev.tributary.runtime.source;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.table.data.GenericArrayData;
import org.apache.flink.table.data.GenericMapData;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.types.logical.ArrayType;
import org.apache.flink.table.types.logical.DecimalType;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.MapType;
import org.apache.flink.table.types.logical.MultisetType;
import org.apache.flink.table.types.logical.RowType;

/**
 * JSON objects to rows: the common flat record by {@link FlatJsonScanner}, every other on Jackson's streaming
 * parser (the scanner's rows and errors are this path's): one pass over the bytes, no tree for flat records, unknown
 * fields skipped. A MULTISET is an object from each element (as text) to its count. Strict where data would otherwise be silently wrong: a value of the wrong type, a missing or null
 * NOT NULL column, malformed UTF-8 in a value, or anything after the object makes the record bad.
 */
public final class JsonDecoder implements RecordDecoder {

    private final JsonFactory factory;
    private final ObjectMapper treeMapper;
    private final String[] names;
    private final LogicalType[] types;
    private final boolean[] required;
    private final Map<String, Integer> positions = new HashMap<>();
    private final boolean[] present;
    private final boolean[] nonNull;
    /** Columns of type CHAR or VARCHAR, which take any JSON string as it is. */
    private final boolean[] text;
    /** Reads the common flat record without Jackson; gives up on anything else. Null for columns it never reads. */
    private final FlatJsonScanner flat;

    public JsonDecoder(RowType rowType) {
        this.factory = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(64).build())
                // The default pool looks its buffers up in a ThreadLocal for every parser, 3 % of a task's time in
                // a profile; a decoder has a pool of its own.
                .recyclerPool(new OneThreadRecyclerPool())
                .build();
        this.treeMapper = new ObjectMapper(factory);
        List<RowType.RowField> fields = rowType.getFields();
        this.names = new String[fields.size()];
        this.types = new LogicalType[fields.size()];
        this.required = new boolean[fields.size()];
        this.present = new boolean[fields.size()];
        this.nonNull = new boolean[fields.size()];
        this.text = new boolean[fields.size()];
        for (int i = 0; i < fields.size(); i++) {
            names[i] = fields.get(i).getName().intern();
            types[i] = fields.get(i).getType();
            required[i] = !types[i].isNullable();
            text[i] = types[i].getTypeRoot() == org.apache.flink.table.types.logical.LogicalTypeRoot.CHAR
                    || types[i].getTypeRoot() == org.apache.flink.table.types.logical.LogicalTypeRoot.VARCHAR;
            positions.put(names[i], i);
        }
        FlatJsonScanner scanner = new FlatJsonScanner(names, types);
        this.flat = scanner.readsEveryColumn() ? scanner : null;
    }

    @Override
    public RowData decode(byte[] value) throws BadRecordException {
        GenericRowData row = new GenericRowData(names.length);
        return flat != null && flat.scan(value, row) ? row : decodeWithJackson(value);
    }

    /** {@link #decode} on Jackson's path alone: where the scanner gives up, and what tests compare it with. */
    RowData decodeWithJackson(byte[] value) throws BadRecordException {
        GenericRowData row = new GenericRowData(names.length);
        parse(value, row);
        return row;
    }

    /** Whether {@link #decode} reads this record without Jackson. */
    boolean readsFlat(byte[] value) {
        return flat != null && flat.scan(value, new GenericRowData(names.length));
    }

    /**
     * Fails exactly as {@link #decode} would, with the same message, without building the row: a JSON string for a
     * CHAR/VARCHAR column is skipped rather than decoded into a Java string (the ingest endpoint checks records this
     * way and writes their bytes as sent).
     */
    public void check(byte[] value) throws BadRecordException {
        parse(value, null);
    }

    /** Parses one record, setting its fields in {@code row} unless that is null (then only checking them). */
    private void parse(byte[] value, GenericRowData row) throws BadRecordException {
        java.util.Arrays.fill(present, false);
        java.util.Arrays.fill(nonNull, false);
        try (JsonParser p = factory.createParser(value)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new BadRecordException("not a JSON object");
            }
            String name;
            int expected = 0;
            while ((name = p.nextFieldName()) != null) {
                JsonToken token = p.nextToken();
                int i = position(name, expected);
                if (i < 0) {
                    p.skipChildren();
                    continue;
                }
                expected = i + 1;
                present[i] = true;
                if (token == JsonToken.VALUE_NULL) {
                    nonNull[i] = false;
                    if (row != null) {
                        row.setField(i, null);
                    }
                } else if (row == null && text[i] && token == JsonToken.VALUE_STRING) {
                    nonNull[i] = true; // any string is a CHAR/VARCHAR value; the parser skips it unread
                } else {
                    Object v = read(p, token, names[i], types[i]);
                    nonNull[i] = v != null;
                    if (row != null) {
                        row.setField(i, v);
                    }
                }
            }
            if (p.currentToken() != JsonToken.END_OBJECT) {
                throw new BadRecordException("not a JSON object");
            }
            if (p.nextToken() != null) {
                throw new BadRecordException("unexpected content after the JSON object");
            }
        } catch (StreamConstraintsException e) {
            throw new BadRecordException("JSON beyond the decoder's limits (too deeply nested, or a number or"
                    + " string too long): " + firstLine(e.getMessage()), e);
        } catch (IOException e) {
            throw new BadRecordException("malformed JSON: " + firstLine(e.getMessage()), e);
        }
        for (int i = 0; i < names.length; i++) {
            if (required[i] && !nonNull[i]) {
                throw new BadRecordException(present[i] ? "required field '" + names[i] + "' is null"
                        : "required field '" + names[i] + "' is missing");
            }
        }
    }

    /**
     * The column of field {@code name}, or -1. Records are mostly written in the declared order, and Jackson hands
     * out the same String instance for a field name it has seen: the column after the previous one is tried first,
     * which is an identity comparison, before the map.
     */
    private int position(String name, int expected) {
        if (expected < names.length && names[expected].equals(name)) {
            return expected;
        }
        Integer position = positions.get(name);
        return position == null ? -1 : position;
    }

    private Object read(JsonParser p, JsonToken token, String column, LogicalType type)
            throws IOException, BadRecordException {
        switch (type.getTypeRoot()) {
            case CHAR, VARCHAR:
                if (token == JsonToken.VALUE_STRING) {
                    return StringData.fromString(p.getText());
                }
                if (token.isScalarValue()) {
                    return StringData.fromString(p.getText());
                }
                throw wrongType(column, type, token);
            case BOOLEAN:
                if (token == JsonToken.VALUE_TRUE || token == JsonToken.VALUE_FALSE) {
                    return token == JsonToken.VALUE_TRUE;
                }
                return fromString(p, token, column, type);
            case TINYINT, SMALLINT, INTEGER, BIGINT:
                if (token == JsonToken.VALUE_NUMBER_INT) {
                    return integral(p, column, type);
                }
                return fromString(p, token, column, type);
            case FLOAT:
                if (token.isNumeric()) {
                    return p.getFloatValue();
                }
                return fromString(p, token, column, type);
            case DOUBLE:
                if (token.isNumeric()) {
                    return p.getDoubleValue();
                }
                return fromString(p, token, column, type);
            case DECIMAL:
                if (token.isNumeric()) {
                    return TextValues.decimal(column, (DecimalType) type, p.getDecimalValue());
                }
                return fromString(p, token, column, type);
            case TIMESTAMP_WITHOUT_TIME_ZONE, TIMESTAMP_WITH_LOCAL_TIME_ZONE:
                if (token == JsonToken.VALUE_NUMBER_INT) {
                    return TextValues.parse(column, type, Long.toString(p.getLongValue()));
                }
                return fromString(p, token, column, type);
            case DATE, TIME_WITHOUT_TIME_ZONE, BINARY, VARBINARY:
                return fromString(p, token, column, type);
            case ARRAY, MAP, MULTISET, ROW:
                JsonNode tree = treeMapper.readTree(p);
                return fromTree(tree, column, type);
            default:
                throw new BadRecordException("column '" + column + "' has type " + type + ", which JSON cannot carry");
        }
    }

    private static Object integral(JsonParser p, String column, LogicalType type)
            throws IOException, BadRecordException {
        if (p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
            throw new BadRecordException("column '" + column + "': " + p.getText() + " is out of range for "
                    + type.copy(true).asSummaryString());
        }
        long v = p.getLongValue();
        return switch (type.getTypeRoot()) {
            case TINYINT -> (byte) checkRange(v, Byte.MIN_VALUE, Byte.MAX_VALUE, column, type);
            case SMALLINT -> (short) checkRange(v, Short.MIN_VALUE, Short.MAX_VALUE, column, type);
            case INTEGER -> (int) checkRange(v, Integer.MIN_VALUE, Integer.MAX_VALUE, column, type);
            default -> v;
        };
    }

    private static long checkRange(long v, long min, long max, String column, LogicalType type)
            throws BadRecordException {
        if (v < min || v > max) {
            throw new BadRecordException("column '" + column + "': " + v + " is out of range for "
                    + type.copy(true).asSummaryString());
        }
        return v;
    }

    private static Object fromString(JsonParser p, JsonToken token, String column, LogicalType type)
            throws IOException, BadRecordException {
        if (token != JsonToken.VALUE_STRING) {
            throw wrongType(column, type, token);
        }
        return TextValues.parse(column, type, p.getText());
    }

    private Object fromTree(JsonNode node, String column, LogicalType type) throws BadRecordException {
        if (node == null || node.isNull()) {
            if (!type.isNullable()) {
                throw new BadRecordException("column '" + column + "': null where " + type.asSummaryString()
                        + " is required");
            }
            return null;
        }
        switch (type.getTypeRoot()) {
            case ARRAY: {
                if (!node.isArray()) {
                    throw wrongType(column, type, node);
                }
                LogicalType element = ((ArrayType) type).getElementType();
                Object[] values = new Object[node.size()];
                for (int i = 0; i < values.length; i++) {
                    values[i] = fromTree(node.get(i), column + "[" + i + "]", element);
                }
                return new GenericArrayData(values);
            }
            case MAP: {
                if (!node.isObject()) {
                    throw wrongType(column, type, node);
                }
                MapType mapType = (MapType) type;
                Map<Object, Object> values = new LinkedHashMap<>();
                Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
                while (fields.hasNext()) {
                    Map.Entry<String, JsonNode> e = fields.next();
                    values.put(TextValues.parse(column + " key", mapType.getKeyType(), e.getKey()),
                            fromTree(e.getValue(), column + "." + e.getKey(), mapType.getValueType()));
                }
                return new GenericMapData(values);
            }
            case MULTISET: {
                if (!node.isObject()) {
                    throw wrongType(column, type, node);
                }
                LogicalType element = ((MultisetType) type).getElementType();
                Map<Object, Object> counts = new LinkedHashMap<>();
                Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
                while (fields.hasNext()) {
                    Map.Entry<String, JsonNode> e = fields.next();
                    JsonNode count = e.getValue();
                    if (!count.isIntegralNumber() || !count.canConvertToInt() || count.intValue() < 1) {
                        throw new BadRecordException("column '" + column + "': a MULTISET is an object from each"
                                + " element to its count (a positive whole number), found " + e.getValue()
                                + " for '" + TextValues.abbreviate(e.getKey()) + "'");
                    }
                    counts.put(TextValues.parse(column + " element", element, e.getKey()), e.getValue().intValue());
                }
                return new GenericMapData(counts);
            }
            case ROW: {
                if (!node.isObject()) {
                    throw wrongType(column, type, node);
                }
                RowType rowType = (RowType) type;
                GenericRowData row = new GenericRowData(rowType.getFieldCount());
                for (int i = 0; i < rowType.getFieldCount(); i++) {
                    RowType.RowField f = rowType.getFields().get(i);
                    row.setField(i, fromTree(node.get(f.getName()), column + "." + f.getName(), f.getType()));
                }
                return row;
            }
            case CHAR, VARCHAR:
                if (node.isValueNode()) {
                    return StringData.fromString(node.asText());
                }
                throw wrongType(column, type, node);
            case BOOLEAN:
                if (node.isBoolean()) {
                    return node.booleanValue();
                }
                return TextValues.parse(column, type, textOf(node, column, type));
            case TINYINT, SMALLINT, INTEGER, BIGINT:
                if (node.isIntegralNumber()) {
                    if (!node.canConvertToLong()) {
                        throw new BadRecordException("column '" + column + "': " + node + " is out of range");
                    }
                    long v = node.longValue();
                    return switch (type.getTypeRoot()) {
                        case TINYINT -> (byte) checkRange(v, Byte.MIN_VALUE, Byte.MAX_VALUE, column, type);
                        case SMALLINT -> (short) checkRange(v, Short.MIN_VALUE, Short.MAX_VALUE, column, type);
                        case INTEGER -> (int) checkRange(v, Integer.MIN_VALUE, Integer.MAX_VALUE, column, type);
                        default -> v;
                    };
                }
                return TextValues.parse(column, type, textOf(node, column, type));
            case FLOAT:
                return node.isNumber() ? node.floatValue() : TextValues.parse(column, type, textOf(node, column, type));
            case DOUBLE:
                return node.isNumber() ? node.doubleValue() : TextValues.parse(column, type, textOf(node, column, type));
            case DECIMAL:
                if (node.isNumber()) {
                    return TextValues.decimal(column, (DecimalType) type, node.decimalValue());
                }
                return TextValues.decimal(column, (DecimalType) type, new BigDecimal(textOf(node, column, type)));
            default:
                if (node.isIntegralNumber()) {
                    return TextValues.parse(column, type, node.asText());
                }
                return TextValues.parse(column, type, textOf(node, column, type));
        }
    }

    private static String textOf(JsonNode node, String column, LogicalType type) throws BadRecordException {
        if (!node.isTextual()) {
            throw wrongType(column, type, node);
        }
        return node.textValue();
    }

    private static BadRecordException wrongType(String column, LogicalType type, JsonToken token) {
        return new BadRecordException("column '" + column + "': expected " + type.copy(true).asSummaryString()
                + ", found " + describe(token));
    }

    private static BadRecordException wrongType(String column, LogicalType type, JsonNode node) {
        return new BadRecordException("column '" + column + "': expected " + type.copy(true).asSummaryString()
                + ", found " + node.getNodeType().name().toLowerCase(java.util.Locale.ROOT));
    }

    private static String describe(JsonToken token) {
        return switch (token) {
            case START_OBJECT -> "an object";
            case START_ARRAY -> "an array";
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            default -> token.name().toLowerCase(java.util.Locale.ROOT);
        };
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}
