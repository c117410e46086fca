package dev.tributary.runtime.generator;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.apache.flink.table.data.ArrayData;
import org.apache.flink.table.data.DecimalData;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.MapData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.types.logical.ArrayType;
import org.apache.flink.table.types.logical.IntType;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.MapType;
import org.apache.flink.table.types.logical.MultisetType;
import org.apache.flink.table.types.logical.RowType;

/**
 * A row as one JSON object: numbers and booleans as JSON numbers and booleans, other scalars as {@link ValueText},
 * ARRAY as an array, ROW as an object, MAP as an object keyed by the keys' text, MULTISET as an object from each
 * element's text to its count.
 */
final class JsonRecordEncoder implements RecordEncoder {

    private static final ObjectMapper JSON = new ObjectMapper().enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN);
    private static final JsonNodeFactory NODES = JsonNodeFactory.withExactBigDecimals(true);

    private final RowType rowType;

    JsonRecordEncoder(RowType rowType) {
        this.rowType = rowType;
    }

    @Override
    public byte[] encode(GenericRowData row) {
        try {
            return JSON.writeValueAsBytes(node(rowType, row));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a generated record as JSON: " + e.getMessage(), e);
        }
    }

    static JsonNode node(LogicalType type, Object value) {
        if (value == null) {
            return NODES.nullNode();
        }
        return switch (type.getTypeRoot()) {
            case CHAR, VARCHAR -> NODES.textNode(value.toString());
            case BOOLEAN -> NODES.booleanNode((Boolean) value);
            case TINYINT -> NODES.numberNode((Byte) value);
            case SMALLINT -> NODES.numberNode((Short) value);
            case INTEGER -> NODES.numberNode((Integer) value);
            case BIGINT -> NODES.numberNode((Long) value);
            case FLOAT -> NODES.numberNode((Float) value);
            case DOUBLE -> NODES.numberNode((Double) value);
            case DECIMAL -> NODES.numberNode(((DecimalData) value).toBigDecimal());
            case ARRAY -> array(((ArrayType) type).getElementType(), (ArrayData) value);
            case MAP -> map(((MapType) type).getKeyType(), ((MapType) type).getValueType(), (MapData) value);
            case MULTISET -> map(((MultisetType) type).getElementType(),
                    new IntType(false), (MapData) value);
            case ROW -> row((RowType) type, (RowData) value);
            default -> NODES.textNode(ValueText.of(type, value));
        };
    }

    private static ArrayNode array(LogicalType element, ArrayData value) {
        ArrayNode array = NODES.arrayNode();
        ArrayData.ElementGetter get = ArrayData.createElementGetter(element);
        for (int i = 0; i < value.size(); i++) {
            array.add(node(element, get.getElementOrNull(value, i)));
        }
        return array;
    }

    private static ObjectNode map(LogicalType keyType, LogicalType valueType, MapData value) {
        ObjectNode object = NODES.objectNode();
        ArrayData.ElementGetter key = ArrayData.createElementGetter(keyType);
        ArrayData.ElementGetter val = ArrayData.createElementGetter(valueType);
        for (int i = 0; i < value.size(); i++) {
            object.set(ValueText.of(keyType, key.getElementOrNull(value.keyArray(), i)),
                    node(valueType, val.getElementOrNull(value.valueArray(), i)));
        }
        return object;
    }

    private static ObjectNode row(RowType type, RowData row) {
        ObjectNode object = NODES.objectNode();
        List<RowType.RowField> fields = type.getFields();
        for (int i = 0; i < fields.size(); i++) {
            object.set(fields.get(i).getName(), node(fields.get(i).getType(),
                    RowData.createFieldGetter(fields.get(i).getType(), i).getFieldOrNull(row)));
        }
        return object;
    }
}
