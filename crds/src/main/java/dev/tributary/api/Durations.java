package dev.tributary.api;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads the Go-style durations the resources use ("30s", "1m30s", "500ms"), the format Kubernetes CEL understands. */
public final class Durations {

    private static final Pattern WHOLE = Pattern.compile(dev.tributary.api.v1alpha1.ApiPatterns.DURATION);
    private static final Pattern PART = Pattern.compile("([0-9]+(?:\\.[0-9]+)?)(ms|s|m|h)");

    private Durations() {
    }

    /** The duration, or {@code fallback} when {@code text} is null. */
    public static Duration parse(String text, String fallback) {
        return parse(text == null ? fallback : text);
    }

    public static Duration parse(String text) {
        if (text == null || !WHOLE.matcher(text).matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a duration: write it like 500ms, 30s, 5m or 1h30m");
        }
        Matcher m = PART.matcher(text);
        double millis = 0;
        while (m.find()) {
            double value = Double.parseDouble(m.group(1));
            millis += value * switch (m.group(2)) {
                case "ms" -> 1;
                case "s" -> 1_000;
                case "m" -> 60_000;
                default -> 3_600_000;
            };
        }
        return Duration.ofMillis(Math.round(millis));
    }

    /** The shortest of "1h30m", "5m", "30s", "500ms" that says the same thing, for messages. */
    public static String format(Duration d) {
        long ms = d.toMillis();
        if (ms == 0) {
            return "0s";
        }
        StringBuilder out = new StringBuilder();
        long h = ms / 3_600_000;
        long m = ms % 3_600_000 / 60_000;
        long s = ms % 60_000 / 1_000;
        long rest = ms % 1_000;
        if (h > 0) {
            out.append(h).append('h');
        }
        if (m > 0) {
            out.append(m).append('m');
        }
        if (s > 0) {
            out.append(s).append('s');
        }
        if (rest > 0) {
            out.append(rest).append("ms");
        }
        return out.toString();
    }
}
