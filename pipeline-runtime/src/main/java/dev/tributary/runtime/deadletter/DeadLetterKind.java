package dev.tributary.runtime.deadletter;

import java.util.List;

/**
 * Why a record became a dead letter, in a few words that can be a metric label: a bounded set, so the dead-letter
 * counters stay a handful of series however many different error messages the records cause.
 */
public enum DeadLetterKind {
    /** A source record without a value. */
    TOMBSTONE("tombstone"),
    /** Key, value and headers together over {@code --max-record-bytes}. */
    TOO_LARGE("too_large"),
    /** A source record that does not parse or does not fit the Source's schema (a missing field, a wrong type). */
    INVALID("invalid"),
    /**
     * A good record whose values made the query fail where it runs chained to the source (a {@code CAST} of a string
     * that is no number, a division by zero); the rows it gave other branches before that stay. Or a row that made a
     * stateless operator of the query fail after a shuffle ({@code RowFailureCatcher}).
     */
    QUERY("query"),
    /** A row that violates a sink column's declared length or {@code NOT NULL}. */
    CONSTRAINT("constraint"),
    /** A row a webhook kept refusing after its retries. */
    REFUSED("refused");

    /** The kinds a source produces, and those a sink produces. */
    public static final List<DeadLetterKind> OF_SOURCES = List.of(TOMBSTONE, TOO_LARGE, INVALID, QUERY);
    public static final List<DeadLetterKind> OF_SINKS = List.of(CONSTRAINT, REFUSED);

    private final String label;

    DeadLetterKind(String label) {
        this.label = label;
    }

    /** The value of the {@code error_kind} label of the dead-letter counters. */
    public String label() {
        return label;
    }
}
