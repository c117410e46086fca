package dev.tributary.sqlcheck.upgrade;

/**
 * One stateful operator's fate in an upgrade.
 *
 * @param before the operator in the running job; null for a {@link StateFate#NEW} one
 * @param after the operator in the new job; null for a {@link StateFate#DROPPED} one
 * @param why one line on the fate, for people
 */
public record OperatorFate(StateFate fate, JobOperator before, JobOperator after, String why) {

    /** The operator's name, from the new job when it has one. */
    public String name() {
        return after != null ? after.name() : before.name();
    }

    public String id() {
        return after != null ? after.id() : before.id();
    }
}
