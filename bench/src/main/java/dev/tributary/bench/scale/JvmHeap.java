package dev.tributary.bench.scale;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Another JVM's heap in use after a full GC: {@code jcmd <pid> GC.run}, then {@code jstat -gc <pid>}. */
final class JvmHeap {

    private JvmHeap() {
    }

    /** Bytes in use after a full GC; the lowest of three, since a reconcile may allocate between GC and reading. */
    static long usedAfterGc(long pid) {
        long lowest = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            run("jcmd", Long.toString(pid), "GC.run");
            lowest = Math.min(lowest, usedBytes(run("jstat", "-gc", Long.toString(pid))));
        }
        return lowest;
    }

    /** The sum of the survivor, eden and old spaces' use (KB columns S0U, S1U, EU, OU) in {@code jstat -gc}'s output. */
    static long usedBytes(String jstatOutput) {
        List<String> lines = jstatOutput.lines().filter(l -> !l.isBlank()).toList();
        if (lines.size() < 2) {
            throw new IllegalStateException("unexpected jstat -gc output: " + jstatOutput);
        }
        String[] header = lines.get(0).trim().split("\\s+");
        String[] values = lines.get(1).trim().split("\\s+");
        double kb = 0;
        for (int c = 0; c < header.length; c++) {
            if (List.of("S0U", "S1U", "EU", "OU").contains(header[c])) {
                kb += Double.parseDouble(values[c]);
            }
        }
        return Math.round(kb * 1024);
    }

    private static String run(String tool, String... args) {
        List<String> command = new java.util.ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", tool).toString());
        command.addAll(List.of(args));
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed: " + out);
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
