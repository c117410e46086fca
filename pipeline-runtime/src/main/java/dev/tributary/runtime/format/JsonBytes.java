package dev.tributary.runtime.format;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A growable byte buffer that JSON is written into, reused from record to record; strings are escaped as Jackson's
 * default generator escapes them (quote, backslash, and the control characters below 0x20: the short form where JSON
 * has one, else backslash-u and four upper-case hex digits), so the bytes equal Flink's {@code json} format's.
 */
final class JsonBytes {

    private static final byte[] HEX = "0123456789ABCDEF".getBytes(StandardCharsets.US_ASCII);
    /** Per ASCII byte: 0 as is, a letter for a short escape, -1 for a four-hex-digit escape. */
    private static final byte[] ESCAPES = new byte[128];

    static {
        for (int c = 0; c < 0x20; c++) {
            ESCAPES[c] = -1;
        }
        ESCAPES['"'] = '"';
        ESCAPES['\\'] = '\\';
        ESCAPES['\b'] = 'b';
        ESCAPES['\t'] = 't';
        ESCAPES['\n'] = 'n';
        ESCAPES['\f'] = 'f';
        ESCAPES['\r'] = 'r';
    }

    private byte[] bytes = new byte[256];
    private int length;

    void reset() {
        length = 0;
    }

    byte[] toByteArray() {
        return Arrays.copyOf(bytes, length);
    }

    void append(byte b) {
        ensure(1);
        bytes[length++] = b;
    }

    /** ASCII text written as it is: names and literals known to need no escaping. */
    void appendAscii(byte[] ascii) {
        ensure(ascii.length);
        System.arraycopy(ascii, 0, bytes, length, ascii.length);
        length += ascii.length;
    }

    void appendAscii(String ascii) {
        ensure(ascii.length());
        for (int i = 0; i < ascii.length(); i++) {
            bytes[length++] = (byte) ascii.charAt(i);
        }
    }

    void appendLong(long value) {
        if (value == Long.MIN_VALUE) {
            appendAscii("-9223372036854775808");
            return;
        }
        ensure(20);
        if (value < 0) {
            bytes[length++] = '-';
            value = -value;
        }
        int digits = digits(value);
        int end = length + digits;
        for (int i = end - 1; i >= length; i--) {
            bytes[i] = (byte) ('0' + value % 10);
            value /= 10;
        }
        length = end;
    }

    /** {@code value} as exactly {@code width} digits, zero-padded (0 ≤ value < 10^width). */
    void appendPadded(int value, int width) {
        ensure(width);
        for (int i = length + width - 1; i >= length; i--) {
            bytes[i] = (byte) ('0' + value % 10);
            value /= 10;
        }
        length += width;
    }

    /** A JSON string of UTF-8 bytes that are known to be well formed. */
    void appendQuotedUtf8(byte[] utf8, int offset, int count) {
        ensure(count + 2);
        bytes[length++] = '"';
        int end = offset + count;
        int run = offset;
        for (int i = offset; i < end; i++) {
            int b = utf8[i];
            if (b >= 0 && ESCAPES[b] != 0) {
                appendRaw(utf8, run, i - run);
                appendEscape(b);
                run = i + 1;
            }
        }
        appendRaw(utf8, run, end - run);
        append((byte) '"');
    }

    /**
     * A JSON string of Java text, encoded as Jackson's UTF-8 generator (2.17 and before) encodes it: every UTF-16
     * surrogate, paired or not, as its own four-hex-digit escape, other characters as UTF-8.
     */
    void appendQuoted(String text) {
        ensure(text.length() * 3 + 2);
        bytes[length++] = '"';
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                if (ESCAPES[c] != 0) {
                    appendEscape(c);
                } else {
                    append((byte) c);
                }
            } else if (Character.isSurrogate(c)) {
                appendUnicodeEscape(c);
            } else {
                ensure(3);
                if (c < 0x800) {
                    bytes[length++] = (byte) (0xC0 | (c >> 6));
                } else {
                    bytes[length++] = (byte) (0xE0 | (c >> 12));
                    bytes[length++] = (byte) (0x80 | ((c >> 6) & 0x3F));
                }
                bytes[length++] = (byte) (0x80 | (c & 0x3F));
            }
        }
        append((byte) '"');
    }

    private void appendRaw(byte[] source, int offset, int count) {
        if (count > 0) {
            ensure(count);
            System.arraycopy(source, offset, bytes, length, count);
            length += count;
        }
    }

    private void appendEscape(int c) {
        byte escape = ESCAPES[c];
        if (escape > 0) {
            ensure(2);
            bytes[length++] = '\\';
            bytes[length++] = escape;
        } else {
            appendUnicodeEscape(c);
        }
    }

    private void appendUnicodeEscape(int c) {
        ensure(6);
        bytes[length++] = '\\';
        bytes[length++] = 'u';
        bytes[length++] = HEX[(c >> 12) & 0xF];
        bytes[length++] = HEX[(c >> 8) & 0xF];
        bytes[length++] = HEX[(c >> 4) & 0xF];
        bytes[length++] = HEX[c & 0xF];
    }

    private static int digits(long value) {
        long bound = 10;
        for (int digits = 1; digits < 19; digits++) {
            if (value < bound) {
                return digits;
            }
            bound *= 10;
        }
        return 19;
    }

    private void ensure(int more) {
        if (length + more > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + more));
        }
    }
}
