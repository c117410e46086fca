package dev.tributary.runtime.source;

/** A strict UTF-8 check, without decoding into a String. */
final class Utf8 {

    private Utf8() {
    }

    /** The offset of the first byte that is not valid UTF-8 (overlong forms and surrogates included), or -1. */
    static int firstInvalid(byte[] b) {
        int i = 0;
        int n = b.length;
        while (i < n) {
            int c = b[i] & 0xFF;
            if (c < 0x80) {
                i++;
                continue;
            }
            int len;
            int min;
            if (c >= 0xC2 && c <= 0xDF) {
                len = 2;
                min = 0x80;
            } else if (c >= 0xE0 && c <= 0xEF) {
                len = 3;
                min = 0x800;
            } else if (c >= 0xF0 && c <= 0xF4) {
                len = 4;
                min = 0x10000;
            } else {
                return i;
            }
            if (i + len > n) {
                return i;
            }
            int cp = c & (0xFF >> (len + 1));
            for (int k = 1; k < len; k++) {
                int cc = b[i + k] & 0xFF;
                if ((cc & 0xC0) != 0x80) {
                    return i;
                }
                cp = (cp << 6) | (cc & 0x3F);
            }
            if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
                return i;
            }
            i += len;
        }
        return -1;
    }

    static void check(byte[] b) throws BadRecordException {
        int at = firstInvalid(b);
        if (at >= 0) {
            throw new BadRecordException("not valid UTF-8 (byte 0x" + Integer.toHexString(b[at] & 0xFF) + " at offset "
                    + at + ")");
        }
    }
}
