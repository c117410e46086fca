package dev.tributary.runtime.generator;

/**
 * One generated record: its position in the generator's sequence, its nominal event time (on the generator's
 * timeline, before any out-of-order delay), its event time, its encoded key (null without {@code key}) and value.
 */
public record GeneratedRecord(long index, long nominalTimeMs, long eventTimeMs, byte[] key, byte[] value) {
}
