package dev.tributary.cli.dev;

import java.io.IOException;
import java.nio.file.Files;
import java.util.function.Consumer;
import org.apache.flink.connector.file.src.FileSourceSplit;
import org.apache.flink.connector.file.src.reader.BulkFormat;
import org.apache.flink.connector.file.src.util.RecordAndPosition;
import org.apache.flink.core.fs.Path;
import org.apache.flink.formats.parquet.ParquetColumnarRowInputFormat;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.runtime.typeutils.InternalTypeInfo;
import org.apache.flink.table.types.logical.RowType;

/** Reads a Parquet file a filesystem sink wrote, with Flink's own Parquet reader and the sink's row type. */
final class ParquetRows {

    private static final int BATCH_SIZE = 512;

    private final ParquetColumnarRowInputFormat<FileSourceSplit> format;

    ParquetRows(RowType type) {
        format = new ParquetColumnarRowInputFormat<>(new org.apache.hadoop.conf.Configuration(false), type,
                InternalTypeInfo.of(type), BATCH_SIZE, false, true);
    }

    /** Hands each row on (the row is reused: read it before the next one comes); returns how many there were. */
    long read(java.nio.file.Path file, Consumer<RowData> onRow) throws IOException {
        long size = Files.size(file);
        FileSourceSplit split = new FileSourceSplit("0", new Path(file.toUri()), 0, size,
                Files.getLastModifiedTime(file).toMillis(), size);
        long rows = 0;
        try (BulkFormat.Reader<RowData> reader = format.createReader(
                new org.apache.flink.configuration.Configuration(), split)) {
            BulkFormat.RecordIterator<RowData> batch;
            while ((batch = reader.readBatch()) != null) {
                RecordAndPosition<RowData> next;
                while ((next = batch.next()) != null) {
                    onRow.accept(next.getRecord());
                    rows++;
                }
                batch.releaseBatch();
            }
        }
        return rows;
    }
}
