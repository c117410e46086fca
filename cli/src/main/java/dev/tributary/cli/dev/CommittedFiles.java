package dev.tributary.cli.dev;

import dev.tributary.api.v1alpha1.FilesystemSinkSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.apache.flink.table.types.logical.RowType;

/**
 * Prints each file a filesystem sink commits, as it appears (Flink writes hidden in-progress files and renames them
 * when a checkpoint commits them): its path, its row count and its first rows, Parquet rows as JSON. Files already
 * there when dev started are not shown.
 */
final class CommittedFiles implements ResultWatcher {

    static final int SAMPLE_ROWS = 3;
    private static final long POLL_MS = 1000;

    private final String sink;
    private final Path dir;
    private final FilesystemSinkSpec.Format format;
    private final RowType type;
    private final DevConsole console;
    private final Set<Path> seen = new HashSet<>();
    private final AtomicLong printed = new AtomicLong();
    private final Thread thread;
    private volatile boolean closed;

    CommittedFiles(String sink, Path dir, FilesystemSinkSpec.Format format, RowType type, DevConsole console) {
        this.sink = sink;
        this.dir = dir;
        this.format = format;
        this.type = type;
        this.console = console;
        seen.addAll(committed());
        thread = new Thread(this::run, "print-" + sink);
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public String sink() {
        return sink;
    }

    /** Rows in the files committed since dev started. */
    @Override
    public long printed() {
        return printed.get();
    }

    private void run() {
        while (!closed) {
            try {
                Thread.sleep(POLL_MS);
            } catch (InterruptedException e) {
                return;
            }
            look();
        }
    }

    private synchronized void look() {
        for (Path file : committed()) {
            if (seen.add(file)) {
                show(file);
            }
        }
    }

    /** Committed files: not hidden (in progress) and not markers such as _SUCCESS. */
    private List<Path> committed() {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).filter(f -> !f.getFileName().toString().startsWith("."))
                    .filter(f -> !f.getFileName().toString().startsWith("_")).sorted().toList();
        } catch (IOException | UncheckedIOException gone) {
            return List.of(); // a file renamed while we looked: the next look sees it
        }
    }

    private void show(Path file) {
        List<String> sample = new ArrayList<>();
        long rows;
        try {
            rows = format == FilesystemSinkSpec.Format.PARQUET ? parquet(file, sample) : lines(file, sample);
        } catch (IOException | RuntimeException e) {
            console.result(sink, "file committed: " + file + ", but it cannot be read: " + e.getMessage());
            return;
        }
        String columns = format == FilesystemSinkSpec.Format.CSV
                ? " (columns " + String.join(",", type.getFieldNames()) + ")" : "";
        console.result(sink, "file committed: " + file + ", " + rows + (rows == 1 ? " row" : " rows") + columns
                + (sample.isEmpty() ? "" : "; first " + sample.size() + ":"));
        sample.forEach(row -> console.result(sink, "  " + row));
        printed.addAndGet(rows);
    }

    private long parquet(Path file, List<String> sample) throws IOException {
        RowJson json = new RowJson(type);
        return new ParquetRows(type).read(file, row -> {
            if (sample.size() < SAMPLE_ROWS) {
                sample.add(json.render(row));
            }
        });
    }

    private static long lines(Path file, List<String> sample) throws IOException {
        try (Stream<String> lines = Files.lines(file, StandardCharsets.UTF_8)) {
            long rows = 0;
            for (String line : (Iterable<String>) lines.filter(l -> !l.isBlank())::iterator) {
                if (sample.size() < SAMPLE_ROWS) {
                    sample.add(line);
                }
                rows++;
            }
            return rows;
        }
    }

    /** Stops watching after one last look, so files committed by the last checkpoint are shown too. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        thread.interrupt();
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        look();
    }
}
