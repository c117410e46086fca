package dev.tributary.runtime.source;

import org.apache.flink.table.data.RowData;

/** Turns the bytes of one Kafka record value into a row of the declared schema, or says why it cannot. */
public interface RecordDecoder {

    /**
     * @return a fresh row (callers may keep it)
     * @throws BadRecordException when the bytes do not parse or do not fit the schema
     */
    RowData decode(byte[] value) throws BadRecordException;
}
