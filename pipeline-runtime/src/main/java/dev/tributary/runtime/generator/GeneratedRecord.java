package dev.tributary.runtime.generator;

/** One generated record: its position in the generator's sequence, its event time, and its encoded value. */
public record GeneratedRecord(long index, long eventTimeMs, byte[] value) {
}
