package dev.tributary.bench.ingest;

import dev.tributary.bench.ingest.IngestBenchmark.Run;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

/** {@link HttpLoadClient} in a child JVM, driven over its standard input; ends with this JVM. */
final class LoadClientProcess implements AutoCloseable {

    private final Process process;
    private final PrintStream commands;
    private final BufferedReader results;

    private LoadClientProcess(Process process) {
        this.process = process;
        this.commands = new PrintStream(process.getOutputStream(), true, StandardCharsets.US_ASCII);
        this.results = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.US_ASCII));
    }

    static LoadClientProcess start() throws IOException {
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m",
                "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"), HttpLoadClient.class.getName())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        Runtime.getRuntime().addShutdownHook(new Thread(p::destroyForcibly));
        return new LoadClientProcess(p);
    }

    /** One run against the endpoint; the CPU is this JVM's over the run (the endpoint's, since it runs here). */
    synchronized Run run(int port, int batch, int clients, Duration run, double requestsPerSecond, int maxBody)
            throws IOException {
        double load = IngestBenchmark.loadAverage();
        long cpu0 = IngestBenchmark.processCpu();
        commands.printf("run %d /v1/sources/clicks/records %d %d %d %.3f %d%n", port, batch, clients, run.toMillis(),
                requestsPerSecond, maxBody);
        String line = results.readLine();
        long cpu = IngestBenchmark.processCpu() - cpu0;
        if (line == null || !line.startsWith("result ")) {
            throw new IOException("the load client answered " + line);
        }
        String[] r = line.split(" ");
        if (Long.parseLong(r[4]) > 0) {
            System.out.println("  (" + r[4] + " requests failed without an answer)");
        }
        return new Run(Long.parseLong(r[2]), Long.parseLong(r[3]), Long.parseLong(r[5]) / 1e9, cpu / 1e9,
                Long.parseLong(r[6]), Long.parseLong(r[7]), load);
    }

    @Override
    public void close() {
        commands.close();
        process.destroy();
    }
}
