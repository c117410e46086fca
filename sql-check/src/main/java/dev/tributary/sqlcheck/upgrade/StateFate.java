package dev.tributary.sqlcheck.upgrade;

/** What an upgrade does to one stateful operator's state. */
public enum StateFate {
    /** The new job has the operator under the same id with state of the same shape: its state carries over. */
    KEPT,
    /** The new job has no operator under the old one's id: the savepoint's state for it has nowhere to go. */
    DROPPED,
    /**
     * The same id, but state of another shape (key, row or accumulator types) or keyed state split into another number
     * of key groups (another max parallelism): Flink cannot read it back.
     */
    INCOMPATIBLE,
    /** An operator only the new job has: it starts empty. */
    NEW
}
