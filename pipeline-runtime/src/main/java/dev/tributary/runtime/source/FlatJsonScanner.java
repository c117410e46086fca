package dev.tributary.runtime.source;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.types.logical.LogicalType;

/**
 * The common record read straight from its bytes: one flat JSON object of printable-ASCII strings without escapes,
 * whole numbers, decimals for DOUBLE columns, booleans and nulls, into columns of text, whole-number, DOUBLE,
 * BOOLEAN and date/time types. Anything else — an escape, a non-ASCII byte, a nested value, a value a column cannot
 * take as it is, an error of any kind — and it gives up, and {@link JsonDecoder} parses the record with Jackson as
 * before; so every row it makes is the row Jackson's path makes, and every error is that path's
 * ({@code FlatJsonScannerTest} compares both). It saves the parser Jackson builds per record and the Java strings
 * it decodes every text value into.
 */
final class FlatJsonScanner {

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class,
            ByteOrder.LITTLE_ENDIAN);

    private enum Kind { TEXT, BOOLEAN, INTEGRAL, DOUBLE, PARSED_TEXT, TIMESTAMP, OTHER }

    private final String[] names;
    private final byte[][] nameBytes;
    private final LogicalType[] types;
    private final Kind[] kinds;
    private final long[] min;
    private final long[] max;
    private final int[] precision;
    private final boolean[] required;
    private final boolean[] nonNull;
    private final boolean anyRequired;
    private byte[] in;
    private int pos;

    FlatJsonScanner(String[] names, LogicalType[] types) {
        this.names = names;
        this.types = types;
        this.nameBytes = new byte[names.length][];
        this.kinds = new Kind[names.length];
        this.min = new long[names.length];
        this.max = new long[names.length];
        this.precision = new int[names.length];
        this.required = new boolean[names.length];
        this.nonNull = new boolean[names.length];
        boolean requires = false;
        for (int i = 0; i < names.length; i++) {
            nameBytes[i] = names[i].getBytes(StandardCharsets.UTF_8);
            required[i] = !types[i].isNullable();
            requires |= required[i];
            kinds[i] = switch (types[i].getTypeRoot()) {
                case CHAR, VARCHAR -> Kind.TEXT;
                case BOOLEAN -> Kind.BOOLEAN;
                case TINYINT, SMALLINT, INTEGER, BIGINT -> Kind.INTEGRAL;
                case DOUBLE -> Kind.DOUBLE;
                case DATE, TIME_WITHOUT_TIME_ZONE -> Kind.PARSED_TEXT;
                case TIMESTAMP_WITHOUT_TIME_ZONE, TIMESTAMP_WITH_LOCAL_TIME_ZONE -> Kind.TIMESTAMP;
                default -> Kind.OTHER;
            };
            if (kinds[i] == Kind.TIMESTAMP) {
                precision[i] = TextValues.precision(types[i]);
            }
            switch (types[i].getTypeRoot()) {
                case TINYINT -> range(i, Byte.MIN_VALUE, Byte.MAX_VALUE);
                case SMALLINT -> range(i, Short.MIN_VALUE, Short.MAX_VALUE);
                case INTEGER -> range(i, Integer.MIN_VALUE, Integer.MAX_VALUE);
                default -> range(i, Long.MIN_VALUE, Long.MAX_VALUE);
            }
        }
        this.anyRequired = requires;
    }

    /**
     * Whether the scanner can read any record of these columns: not when one of them is of a type it leaves to
     * Jackson (FLOAT, DECIMAL, binary, nested), since every record holding that field would be scanned in vain.
     */
    boolean readsEveryColumn() {
        for (Kind kind : kinds) {
            if (kind == Kind.OTHER) {
                return false;
            }
        }
        return true;
    }

    private void range(int i, long low, long high) {
        min[i] = low;
        max[i] = high;
    }

    /** Fills {@code row} from {@code value} and says true, or says false when the record needs Jackson's path. */
    boolean scan(byte[] value, GenericRowData row) {
        in = value;
        pos = 0;
        if (anyRequired) {
            Arrays.fill(nonNull, false);
        }
        try {
            return object(row) && end();
        } catch (BadRecordException | RuntimeException e) {
            return false; // the slow path reports it, with its own message
        } finally {
            in = null;
        }
    }

    private boolean object(GenericRowData row) throws BadRecordException {
        skipSpace();
        if (next() != '{') {
            return false;
        }
        skipSpace();
        int expected = 0;
        boolean more = peek() != '}';
        if (!more) {
            pos++;
        }
        while (more) {
            skipSpace();
            if (next() != '"') {
                return false;
            }
            int nameStart = pos;
            int nameEnd = plainStringEnd();
            if (nameEnd < 0) {
                return false;
            }
            skipSpace();
            if (next() != ':') {
                return false;
            }
            skipSpace();
            int column = column(nameStart, nameEnd - nameStart, expected);
            if (column < 0) {
                if (!skipScalar()) {
                    return false;
                }
            } else {
                expected = column + 1;
                if (!value(column, row)) {
                    return false;
                }
            }
            skipSpace();
            byte b = next();
            if (b != ',' && b != '}') {
                return false;
            }
            more = b == ',';
        }
        for (int i = 0; anyRequired && i < names.length; i++) {
            if (required[i] && !nonNull[i]) {
                return false;
            }
        }
        return true;
    }

    private boolean end() {
        skipSpace();
        return pos == in.length;
    }

    private boolean value(int i, GenericRowData row) throws BadRecordException {
        byte b = peek();
        if (b == 'n') {
            if (!literal("null")) {
                return false;
            }
            row.setField(i, null);
            nonNull[i] = false;
            return true;
        }
        Object v;
        switch (kinds[i]) {
            case TEXT -> {
                if (b != '"') {
                    return false;
                }
                pos++;
                int start = pos;
                int end = plainStringEnd();
                if (end < 0) {
                    return false;
                }
                v = StringData.fromBytes(Arrays.copyOfRange(in, start, end));
            }
            case BOOLEAN -> {
                if (b == 't' && literal("true")) {
                    v = Boolean.TRUE;
                } else if (b == 'f' && literal("false")) {
                    v = Boolean.FALSE;
                } else {
                    return false;
                }
            }
            case INTEGRAL -> {
                long n = wholeNumber();
                if (n == NOT_A_NUMBER || n < min[i] || n > max[i]) {
                    return false;
                }
                v = switch (types[i].getTypeRoot()) {
                    case TINYINT -> (byte) n;
                    case SMALLINT -> (short) n;
                    case INTEGER -> (int) n;
                    default -> n;
                };
            }
            case DOUBLE -> {
                int start = pos;
                long n = wholeNumber();
                if (n != NOT_A_NUMBER) {
                    v = (double) n;
                } else {
                    pos = start;
                    int end = decimalNumberEnd();
                    if (end < 0) {
                        return false;
                    }
                    String literal = new String(in, start, end - start, StandardCharsets.ISO_8859_1);
                    if (literal.indexOf('.') < 0 && literal.indexOf('e') < 0 && literal.indexOf('E') < 0) {
                        return false; // a whole number too long for a long, or -0: Jackson's own conversions
                    }
                    v = Double.parseDouble(literal);
                }
            }
            case PARSED_TEXT, TIMESTAMP -> {
                if (b == '"') {
                    pos++;
                    int start = pos;
                    int end = plainStringEnd();
                    if (end < 0) {
                        return false;
                    }
                    v = kinds[i] == Kind.TIMESTAMP ? IsoTimestamps.timestamp(in, start, end, precision[i]) : null;
                    if (v == null) {
                        v = TextValues.parse(names[i], types[i],
                                new String(in, start, end - start, StandardCharsets.ISO_8859_1));
                    }
                } else if (kinds[i] == Kind.TIMESTAMP) {
                    long n = wholeNumber();
                    if (n == NOT_A_NUMBER) {
                        return false;
                    }
                    v = TextValues.parse(names[i], types[i], Long.toString(n));
                } else {
                    return false;
                }
            }
            default -> {
                return false;
            }
        }
        row.setField(i, v);
        nonNull[i] = v != null;
        return true;
    }

    private int column(int start, int length, int expected) {
        if (expected < names.length && matches(expected, start, length)) {
            return expected;
        }
        for (int i = 0; i < names.length; i++) {
            if (matches(i, start, length)) {
                return i;
            }
        }
        return -1;
    }

    private boolean matches(int column, int start, int length) {
        byte[] name = nameBytes[column];
        if (name.length != length) {
            return false;
        }
        // names are short: a plain loop beats the setup of a vectorized comparison
        for (int i = 0; i < length; i++) {
            if (name[i] != in[start + i]) {
                return false;
            }
        }
        return true;
    }

    /**
     * After an opening quote: the end of a string of printable ASCII without escapes (pos after the quote), or -1;
     * also -1 past {@link #MAX_STRING_BYTES}, below Jackson's read limits (names of 50,000), which its path applies.
     */
    private int plainStringEnd() {
        int limit = (int) Math.min(in.length, (long) pos + MAX_STRING_BYTES + 1);
        int i = pos;
        // eight bytes at a time up to the first that ends the string or needs the slow path
        while (i + Long.BYTES <= limit) {
            int stop = PlainBytes.firstStop((long) LONGS.get(in, i));
            if (stop < Long.BYTES) {
                i += stop;
                break;
            }
            i += Long.BYTES;
        }
        for (; i < limit; i++) {
            byte b = in[i];
            if (b == '"') {
                pos = i + 1;
                return i;
            }
            if (b < 0x20 || b == '\\' || b == 0x7f) {
                return -1;
            }
        }
        return -1;
    }

    private static final long NOT_A_NUMBER = Long.MIN_VALUE;
    static final int MAX_STRING_BYTES = 10_000;

    /** A JSON whole number of at most 18 digits followed by a delimiter, or NOT_A_NUMBER. */
    private long wholeNumber() {
        int start = pos;
        boolean negative = pos < in.length && in[pos] == '-';
        if (negative) {
            pos++;
        }
        int digitsStart = pos;
        long n = 0;
        while (pos < in.length && in[pos] >= '0' && in[pos] <= '9') {
            n = n * 10 + (in[pos] - '0');
            pos++;
        }
        int digits = pos - digitsStart;
        if (digits == 0 || digits > 18 || (digits > 1 && in[digitsStart] == '0') || !delimiterNext()
                || (negative && n == 0)) {
            pos = start; // "-0" is a double -0.0 to Jackson's path, not 0
            return NOT_A_NUMBER;
        }
        return negative ? -n : n;
    }

    /** The end of a JSON number with a fraction or an exponent, followed by a delimiter, or -1. */
    private int decimalNumberEnd() {
        int i = pos;
        if (i < in.length && in[i] == '-') {
            i++;
        }
        int intStart = i;
        while (i < in.length && in[i] >= '0' && in[i] <= '9') {
            i++;
        }
        if (i == intStart || (i - intStart > 1 && in[intStart] == '0')) {
            return -1;
        }
        if (i < in.length && in[i] == '.') {
            int fraction = ++i;
            while (i < in.length && in[i] >= '0' && in[i] <= '9') {
                i++;
            }
            if (i == fraction) {
                return -1;
            }
        }
        if (i < in.length && (in[i] == 'e' || in[i] == 'E')) {
            i++;
            if (i < in.length && (in[i] == '+' || in[i] == '-')) {
                i++;
            }
            int exponent = i;
            while (i < in.length && in[i] >= '0' && in[i] <= '9') {
                i++;
            }
            if (i == exponent) {
                return -1;
            }
        }
        if (i - pos > 100) {
            return -1;
        }
        pos = i;
        return delimiterNext() ? i : -1;
    }

    /** A value of a field no column takes: a plain string, a number or a literal; nested values go the slow way. */
    private boolean skipScalar() {
        byte b = peek();
        if (b == '"') {
            pos++;
            return plainStringEnd() >= 0;
        }
        if (b == 't') {
            return literal("true");
        }
        if (b == 'f') {
            return literal("false");
        }
        if (b == 'n') {
            return literal("null");
        }
        if (wholeNumber() != NOT_A_NUMBER) {
            return true;
        }
        return decimalNumberEnd() >= 0;
    }

    private boolean literal(String word) {
        if (pos + word.length() > in.length) {
            return false;
        }
        for (int i = 0; i < word.length(); i++) {
            if (in[pos + i] != word.charAt(i)) {
                return false;
            }
        }
        pos += word.length();
        return delimiterNext();
    }

    private boolean delimiterNext() {
        if (pos >= in.length) {
            return true;
        }
        byte b = in[pos];
        return b == ',' || b == '}' || b == ']' || isSpace(b);
    }

    private void skipSpace() {
        while (pos < in.length && isSpace(in[pos])) {
            pos++;
        }
    }

    private static boolean isSpace(byte b) {
        return b == ' ' || b == '\n' || b == '\r' || b == '\t';
    }

    private byte peek() {
        return pos < in.length ? in[pos] : 0;
    }

    private byte next() {
        return pos < in.length ? in[pos++] : 0;
    }
}
