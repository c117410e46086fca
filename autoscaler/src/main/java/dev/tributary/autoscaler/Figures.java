package dev.tributary.autoscaler;

import java.time.Duration;
import java.util.Locale;

/** The figures in a reason, written the way people read them: 41,000 rec/s, 95 s, 10m. */
final class Figures {

    private Figures() {
    }

    static String rate(double recordsPerSecond) {
        return String.format(Locale.ROOT, "%,d rec/s", Math.round(recordsPerSecond));
    }

    static String seconds(double seconds) {
        if (!Double.isFinite(seconds)) {
            throw new IllegalArgumentException("a reason says an unmeasured time in words, not as " + seconds);
        }
        return String.format(Locale.ROOT, "%,d s", Math.round(Math.ceil(seconds)));
    }

    static String duration(Duration duration) {
        long s = duration.toSeconds();
        if (s % 3600 == 0) {
            return s / 3600 + "h";
        }
        if (s % 60 == 0) {
            return s / 60 + "m";
        }
        return s + "s";
    }

    static String taskManagers(int count) {
        return count + (count == 1 ? " TaskManager" : " TaskManagers");
    }
}
