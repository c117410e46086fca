package dev.tributary.runtime.sink;

import org.apache.flink.table.types.DataType;

/** One column of a sink table: a name and a Flink type (no time attribute). */
public record SinkColumn(String name, DataType type) {
}
