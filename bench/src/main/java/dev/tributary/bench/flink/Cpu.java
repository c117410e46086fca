package dev.tributary.bench.flink;

import java.lang.management.ManagementFactory;

/** CPU time of this JVM (all threads), in nanoseconds. */
final class Cpu {

    private Cpu() {
    }

    static long processNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    /** CPU time of the calling thread, in nanoseconds. */
    static long threadNanos() {
        return ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
    }

    /** Load on the machine while the benchmark ran, for the report. */
    static String load() {
        return String.format("load average %.2f on %d cores", ManagementFactory.getOperatingSystemMXBean()
                .getSystemLoadAverage(), Runtime.getRuntime().availableProcessors());
    }
}
