package dev.tributary.runtime.source;

/**
 * Eight bytes of a JSON string tested at once (SWAR): whether any of them is one a plain string cannot hold as it is
 * — the closing quote, a backslash, a control character, DEL, or a byte of a multi-byte UTF-8 character.
 */
final class PlainBytes {

    private static final long ONES = 0x0101010101010101L;
    private static final long HIGH = 0x8080808080808080L;
    private static final long QUOTES = ONES * '"';
    private static final long BACKSLASHES = ONES * '\\';
    private static final long DELS = ONES * 0x7f;
    private static final long SPACES = ONES * 0x20;

    private PlainBytes() {
    }

    /** The index (0 to 7, in memory order, the word read little-endian) of the first such byte, or 8 when none is. */
    static int firstStop(long word) {
        return Long.numberOfTrailingZeros(stops(word)) >>> 3;
    }

    /**
     * The high bit of each stop byte, and perhaps of bytes after the first (a borrow carries upwards only): the
     * lowest bit set is always the first stop byte's.
     */
    private static long stops(long word) {
        return (word & HIGH) | below(word, SPACES) | zero(word ^ QUOTES) | zero(word ^ BACKSLASHES)
                | zero(word ^ DELS);
    }

    /** Nonzero iff a byte is zero. */
    private static long zero(long word) {
        return (word - ONES) & ~word & HIGH;
    }

    /** Nonzero iff a byte is below the byte of {@code bounds} (bounds of at most 0x80), when no byte is 0x80 or more. */
    private static long below(long word, long bounds) {
        return (word - bounds) & ~word & HIGH;
    }
}
