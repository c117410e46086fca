package dev.tributary.runtime.source;

import java.time.LocalDateTime;

/**
 * The timestamp forms that real data carries, parsed by hand: {@code yyyy-MM-dd}, then {@code T} or a space,
 * {@code HH:mm}, optionally {@code :ss} and a fraction of 1 to 9 digits, then optionally {@code Z}, {@code ±HH:MM} or
 * {@code ±HHMM} (converted to UTC). A general {@code DateTimeFormatter} with optional sections costs a copy of its
 * parse state per record; this costs a few character comparisons.
 *
 * <p>Anything else — lower-case letters, values out of range (which the formatter's SMART resolution adjusts or
 * refuses), other widths — gives {@code null}, and the caller falls back to the formatter, so the results are
 * exactly the formatter's ({@code IsoTimestampsTest} compares both).
 */
final class IsoTimestamps {

    private static final int[] SCALE = {1, 100_000_000, 10_000_000, 1_000_000, 100_000, 10_000, 1_000, 100, 10, 1};

    private IsoTimestamps() {
    }

    /** The timestamp in UTC, or null when {@code t} is not in one of the forms above (or out of range). */
    static LocalDateTime parse(String t) {
        int n = t.length();
        if (n < 16 || t.charAt(4) != '-' || t.charAt(7) != '-' || t.charAt(13) != ':') {
            return null;
        }
        char separator = t.charAt(10);
        if (separator != 'T' && separator != ' ') {
            return null;
        }
        int year = digits(t, 0, 4);
        int month = digits(t, 5, 2);
        int day = digits(t, 8, 2);
        int hour = digits(t, 11, 2);
        int minute = digits(t, 14, 2);
        if (year < 0 || month < 1 || month > 12 || day < 1 || day > lengthOfMonth(year, month)
                || hour < 0 || hour > 23 || minute < 0 || minute > 59) {
            return null;
        }
        int i = 16;
        int second = 0;
        int nano = 0;
        if (i < n && t.charAt(i) == ':') {
            if (i + 3 > n) {
                return null;
            }
            second = digits(t, i + 1, 2);
            if (second < 0 || second > 59) {
                return null;
            }
            i += 3;
            if (i < n && t.charAt(i) == '.') {
                int start = ++i;
                while (i < n && i - start < 10 && isDigit(t.charAt(i))) {
                    i++;
                }
                int width = i - start;
                if (width < 1 || width > 9) {
                    return null;
                }
                nano = digits(t, start, width) * SCALE[width];
            }
        }
        LocalDateTime local = LocalDateTime.of(year, month, day, hour, minute, second, nano);
        if (i == n) {
            return local;
        }
        char sign = t.charAt(i);
        if (sign == 'Z' && i + 1 == n) {
            return local;
        }
        if (sign != '+' && sign != '-') {
            return null;
        }
        int offsetHours = digits(t, i + 1, 2);
        int offsetMinutes;
        if (i + 6 == n && t.charAt(i + 3) == ':') {
            offsetMinutes = digits(t, i + 4, 2);
        } else if (i + 5 == n) {
            offsetMinutes = digits(t, i + 3, 2);
        } else {
            return null;
        }
        if (offsetHours < 0 || offsetHours > 17 || offsetMinutes < 0 || offsetMinutes > 59) {
            return null;
        }
        int offsetSeconds = (offsetHours * 3600 + offsetMinutes * 60) * (sign == '-' ? -1 : 1);
        return local.minusSeconds(offsetSeconds);
    }

    /** The value of {@code width} decimal digits at {@code from}, or -1 when one is not a digit or missing. */
    private static int digits(String t, int from, int width) {
        if (from + width > t.length()) {
            return -1;
        }
        int value = 0;
        for (int i = from; i < from + width; i++) {
            char c = t.charAt(i);
            if (!isDigit(c)) {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static int lengthOfMonth(int year, int month) {
        return switch (month) {
            case 2 -> (year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)) ? 29 : 28;
            case 4, 6, 9, 11 -> 30;
            default -> 31;
        };
    }
}
