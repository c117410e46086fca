package dev.tributary.bench.scale;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;


/** B5's table: the operator against the naive controller, side by side, and the targets. */
final class ScaleReport {

    static final Duration CONVERGE_TARGET = Duration.ofSeconds(60);
    static final double FEWER_WRITES_TARGET = 10.0;
    static final long HEAP_TARGET_BYTES = 50 * 1024;

    private ScaleReport() {
    }

    static String table(ContenderResult operator, ContenderResult naive, String load) {
        StringBuilder out = new StringBuilder();
        out.append(String.format("B5 control plane at scale: %d Pipelines (each with its Source and Sink), idle window %d s;"
                + " load average at the end %s%n", operator.pipelines(), operator.idle().toSeconds(), load));
        out.append(String.format("%-28s %14s %18s %16s%n", "", "operator", "naive controller", "naive/operator"));
        out.append(row("created in (s)", seconds(operator.applied()), seconds(naive.applied()), ""));
        out.append(row("all converged after (s)", seconds(operator.converged()), seconds(naive.converged()), ""));
        out.append(row("writes per Pipeline", fixed(operator.writesPerPipeline()), fixed(naive.writesPerPipeline()),
                ratio(naive.writesPerPipeline(), operator.writesPerPipeline())));
        out.append(row("writes per spec change", fixed(operator.writesPerChange()), fixed(naive.writesPerChange()),
                ratio(naive.writesPerChange(), operator.writesPerChange())));
        out.append(row("writes per Pipeline, run", fixed(operator.writesPerPipelineWholeRun()),
                fixed(naive.writesPerPipelineWholeRun()),
                ratio(naive.writesPerPipelineWholeRun(), operator.writesPerPipelineWholeRun())));
        out.append(row("spec change converged (s)", seconds(operator.changeConverged()),
                seconds(naive.changeConverged()), ""));
        out.append(row("writes in " + operator.idle().toSeconds() + " s idle", Long.toString(operator.idleTotal()),
                Long.toString(naive.idleTotal()), ""));
        out.append(row("CPU s while idle", seconds(operator.idleCpu()), seconds(naive.idleCpu()) + " (JVM)", ""));
        out.append(row("heap per Pipeline (KB)", fixed(operator.heapPerPipelineBytes() / 1024.0), "-", ""));
        for (ContenderResult r : List.of(operator, naive)) {
            out.append(String.format("%s writes while converging: %s%n", r.name(), r.applyWrites()));
            out.append(String.format("%s writes for the spec change: %s%n", r.name(), r.changeWrites()));
            out.append(String.format("%s writes while idle: %s%n", r.name(), r.idleWrites().isEmpty() ? "none"
                    : r.idleWrites()));
        }
        out.append(verdicts(operator, naive));
        return out.toString();
    }

    static String verdicts(ContenderResult operator, ContenderResult naive) {
        List<String> lines = new ArrayList<>();
        lines.add(verdict("converge < 60 s", operator.converged().compareTo(CONVERGE_TARGET) < 0,
                seconds(operator.converged()) + " s"));
        double fewer = naive.writesPerPipelineWholeRun() / Math.max(operator.writesPerPipelineWholeRun(), 1e-9);
        lines.add(verdict(">= 10x fewer writes than the naive controller (converge + change + idle window)",
                fewer >= FEWER_WRITES_TARGET, fixed(fewer) + "x"));
        lines.add(verdict("0 idle writes", operator.idleTotal() == 0, operator.idleTotal() + " writes"));
        lines.add(verdict("heap per Pipeline <= 50 KB", operator.heapPerPipelineBytes() <= HEAP_TARGET_BYTES,
                fixed(operator.heapPerPipelineBytes() / 1024.0) + " KB"));
        return String.join("\n", lines) + "\n";
    }

    private static String verdict(String target, boolean met, String figure) {
        return String.format("target %-75s %-7s (%s)", target, met ? "met" : "MISSED", figure);
    }

    private static String row(String name, String operator, String naive, String ratio) {
        return String.format("%-28s %14s %18s %16s%n", name, operator, naive, ratio);
    }

    private static String seconds(Duration d) {
        return String.format("%.1f", d.toMillis() / 1000.0);
    }

    private static String fixed(double v) {
        return String.format("%.1f", v);
    }

    private static String ratio(double naive, double operator) {
        return operator == 0 ? "inf" : String.format("%.1fx", naive / operator);
    }

}
