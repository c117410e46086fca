package dev.tributary.autoscaler;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The input rate over the recent past, as pieces of time each with the rate measured over it. A scale-down must carry
 * the input of the whole {@code scaleDownDelay}, so the policy keeps that much of it (and a reversal window's).
 *
 * @param start  when the first rate was seen, or null when none was
 * @param pieces consecutive intervals from {@code start} on, oldest first
 */
public record InputHistory(Instant start, List<Piece> pieces) {

    /** @param rate records per second arriving between {@code from} and {@code to} */
    public record Piece(Instant from, Instant to, double rate) {

        double seconds() {
            return Duration.between(from, to).toMillis() / 1000.0;
        }
    }

    public InputHistory {
        pieces = List.copyOf(pieces);
    }

    public static InputHistory empty() {
        return new InputHistory(null, List.of());
    }

    /** The rate measured over the poll interval that ended {@code at}; nothing older than {@code keep} is kept. */
    InputHistory add(Instant at, double rate, Duration keep) {
        if (start == null) {
            return new InputHistory(at, List.of());
        }
        Instant from = pieces.isEmpty() ? start : pieces.get(pieces.size() - 1).to();
        if (!at.isAfter(from)) {
            return this;
        }
        List<Piece> kept = new ArrayList<>(pieces.size() + 1);
        Instant horizon = at.minus(keep);
        for (Piece piece : pieces) {
            if (piece.to().isAfter(horizon)) {
                kept.add(piece);
            }
        }
        kept.add(new Piece(from, at, Math.max(0, rate)));
        Instant newStart = kept.get(0).from().isAfter(start) ? kept.get(0).from() : start;
        return new InputHistory(newStart, kept);
    }

    /** Rates are known for the whole {@code window} before {@code now}. */
    boolean covers(Instant now, Duration window) {
        return start != null && !start.isAfter(now.minus(window));
    }

    /** For how long before {@code now} rates are known. */
    Duration known(Instant now) {
        return start == null ? Duration.ZERO : Duration.between(start, now);
    }

    /** The average input rate over the {@code window} before {@code now} (over what is known of it). */
    double average(Instant now, Duration window) {
        Instant from = now.minus(window);
        double records = 0;
        double seconds = 0;
        for (Piece piece : pieces) {
            Instant a = piece.from().isBefore(from) ? from : piece.from();
            Instant b = piece.to().isAfter(now) ? now : piece.to();
            if (b.isAfter(a)) {
                double s = Duration.between(a, b).toMillis() / 1000.0;
                records += piece.rate() * s;
                seconds += s;
            }
        }
        return seconds > 0 ? records / seconds : Double.NaN;
    }

    /** The highest rate over the {@code window} before {@code now}, NaN when none is known. */
    double peak(Instant now, Duration window) {
        Instant from = now.minus(window);
        double peak = Double.NaN;
        for (Piece piece : pieces) {
            if (piece.to().isAfter(from) && !(piece.rate() <= peak)) {
                peak = piece.rate();
            }
        }
        return peak;
    }
}
