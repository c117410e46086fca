package dev.tributary.runtime.source;

import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import org.apache.flink.table.data.TimestampData;

/**
 * The timestamp forms that real data carries, parsed by hand: {@code yyyy-MM-dd}, then {@code T} or a space,
 * {@code HH:mm}, optionally {@code :ss} and a fraction of 1 to 9 digits, then optionally {@code Z}, {@code ±HH:MM} or
 * {@code ±HHMM} (converted to UTC). A general {@code DateTimeFormatter} with optional sections costs a copy of its
 * parse state per record; this costs a few byte comparisons, read straight from a record's bytes.
 *
 * <p>Anything else — lower-case letters, values out of range (which the formatter's SMART resolution adjusts or
 * refuses), other widths, years whose nanoseconds since the epoch do not fit a long (before 1678, after 2261) —
 * gives {@code null}, and the caller falls back to the formatter, so the results are exactly the formatter's
 * ({@code IsoTimestampsTest} compares both).
 */
final class IsoTimestamps {

    private static final int[] SCALE = {1, 100_000_000, 10_000_000, 1_000_000, 100_000, 10_000, 1_000, 100, 10, 1};
    private static final long[] TRUNCATION = {1_000_000_000L, 100_000_000L, 10_000_000L, 1_000_000L, 100_000L,
        10_000L, 1_000L, 100L, 10L, 1L};
    private static final long NANOS_PER_SECOND = 1_000_000_000L;
    private static final long NANOS_PER_MILLI = 1_000_000L;
    private static final long DAYS_0000_TO_1970 = 719_528L;
    /** What {@link #epochNanos} gives for text it leaves to the formatter. */
    private static final long NONE = Long.MIN_VALUE;

    private IsoTimestamps() {
    }

    /** The timestamp in UTC, or null when {@code t} is not in one of the forms above (or out of range). */
    static LocalDateTime parse(String t) {
        byte[] bytes = t.getBytes(StandardCharsets.ISO_8859_1); // what is not Latin-1 becomes '?', which no form has
        long nanos = epochNanos(bytes, 0, bytes.length);
        if (nanos == NONE) {
            return null;
        }
        return LocalDateTime.ofEpochSecond(Math.floorDiv(nanos, NANOS_PER_SECOND),
                (int) Math.floorMod(nanos, NANOS_PER_SECOND), ZoneOffset.UTC);
    }

    /**
     * The timestamp in bytes {@code [from, to)} of {@code t} as Flink keeps it, cut to {@code precision} (0 to 9)
     * fractional digits; the value {@code TextValues} gives for the same text, or null when it is left to the
     * formatter.
     */
    static TimestampData timestamp(byte[] t, int from, int to, int precision) {
        long nanos = epochNanos(t, from, to);
        if (nanos == NONE) {
            return null;
        }
        nanos -= Math.floorMod(nanos, TRUNCATION[precision]);
        return TimestampData.fromEpochMillis(Math.floorDiv(nanos, NANOS_PER_MILLI),
                (int) Math.floorMod(nanos, NANOS_PER_MILLI));
    }

    private static long epochNanos(byte[] t, int from, int to) {
        int n = to - from;
        if (n < 16 || t[from + 4] != '-' || t[from + 7] != '-' || t[from + 13] != ':') {
            return NONE;
        }
        byte separator = t[from + 10];
        if (separator != 'T' && separator != ' ') {
            return NONE;
        }
        int year = digits(t, from, to, 0, 4);
        int month = digits(t, from, to, 5, 2);
        int day = digits(t, from, to, 8, 2);
        int hour = digits(t, from, to, 11, 2);
        int minute = digits(t, from, to, 14, 2);
        if (year < 1678 || year > 2261 || month < 1 || month > 12 || day < 1 || day > lengthOfMonth(year, month)
                || hour < 0 || hour > 23 || minute < 0 || minute > 59) {
            return NONE;
        }
        int i = 16;
        int second = 0;
        int nano = 0;
        if (i < n && t[from + i] == ':') {
            if (i + 3 > n) {
                return NONE;
            }
            second = digits(t, from, to, i + 1, 2);
            if (second < 0 || second > 59) {
                return NONE;
            }
            i += 3;
            if (i < n && t[from + i] == '.') {
                int start = ++i;
                while (i < n && i - start < 10 && isDigit(t[from + i])) {
                    i++;
                }
                int width = i - start;
                if (width < 1 || width > 9) {
                    return NONE;
                }
                nano = digits(t, from, to, start, width) * SCALE[width];
            }
        }
        long seconds = epochDay(year, month, day) * 86_400L + hour * 3_600L + minute * 60L + second;
        if (i < n) {
            byte sign = t[from + i];
            if (sign == 'Z' && i + 1 == n) {
                return seconds * NANOS_PER_SECOND + nano;
            }
            if (sign != '+' && sign != '-') {
                return NONE;
            }
            int offsetHours = digits(t, from, to, i + 1, 2);
            int offsetMinutes;
            if (i + 6 == n && t[from + i + 3] == ':') {
                offsetMinutes = digits(t, from, to, i + 4, 2);
            } else if (i + 5 == n) {
                offsetMinutes = digits(t, from, to, i + 3, 2);
            } else {
                return NONE;
            }
            if (offsetHours < 0 || offsetHours > 17 || offsetMinutes < 0 || offsetMinutes > 59) {
                return NONE;
            }
            seconds -= (offsetHours * 3600L + offsetMinutes * 60L) * (sign == '-' ? -1 : 1);
        }
        return seconds * NANOS_PER_SECOND + nano;
    }

    /** Days since 1970-01-01 of a date of the proleptic Gregorian calendar with a year of 0 or more. */
    private static long epochDay(int year, int month, int day) {
        long y = year;
        long total = 365 * y + (y + 3) / 4 - (y + 99) / 100 + (y + 399) / 400 + (367L * month - 362) / 12 + day - 1;
        if (month > 2) {
            total -= isLeap(year) ? 1 : 2;
        }
        return total - DAYS_0000_TO_1970;
    }

    /** The value of {@code width} decimal digits at {@code at} (from {@code from}), or -1 when one is not a digit. */
    private static int digits(byte[] t, int from, int to, int at, int width) {
        if (from + at + width > to) {
            return -1;
        }
        int value = 0;
        for (int i = from + at; i < from + at + width; i++) {
            byte c = t[i];
            if (!isDigit(c)) {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    private static boolean isDigit(byte c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isLeap(int year) {
        return year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    }

    private static int lengthOfMonth(int year, int month) {
        return switch (month) {
            case 2 -> isLeap(year) ? 29 : 28;
            case 4, 6, 9, 11 -> 30;
            default -> 31;
        };
    }
}
