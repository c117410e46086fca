package dev.tributary.cli.dev;

import java.util.ArrayList;
import java.util.List;

/**
 * Whether a bounded run ({@code --max-records}) did something useful: records reached a sink, no more than the
 * allowed share went to dead letters, and the broker took what the generators wrote. Each failed check is a reason,
 * in words; none means the run counts as a success.
 */
final class RunVerdict {

    private RunVerdict() {
    }

    /**
     * @param generated records the generators sent
     * @param rejected of those, records the broker refused
     * @param firstRejection why the broker refused the first (null when none was)
     * @param maxDeadLetterPercent the share of records read that may become dead letters
     */
    static List<String> reasons(long generated, long rejected, String firstRejection, long recordsIn,
            long recordsOut, long deadLetters, double maxDeadLetterPercent) {
        List<String> reasons = new ArrayList<>();
        if (rejected > 0) {
            reasons.add("the broker refused " + rejected + " of " + generated + " generated records ("
                    + firstRejection + ")");
        }
        if (recordsOut == 0) {
            reasons.add("no record reached a sink (" + recordsIn + " records in, 0 out)");
        }
        if (deadLetters > 0) {
            double percent = 100.0 * deadLetters / Math.max(1, Math.max(recordsIn, deadLetters));
            if (percent > maxDeadLetterPercent) {
                reasons.add(String.format("%d dead letters, %.1f %% of the %d records read (more than"
                        + " --max-dead-letters %s %%; the reasons are above)", deadLetters, percent, recordsIn,
                        percentText(maxDeadLetterPercent)));
            }
        }
        return reasons;
    }

    static String percentText(double percent) {
        return percent == Math.rint(percent) ? Long.toString((long) percent) : Double.toString(percent);
    }
}
