package dev.tributary.cli.diff;

import dev.tributary.api.plan.FieldPlan;
import dev.tributary.api.plan.PipelinePlan;
import dev.tributary.api.plan.SinkPlan;
import dev.tributary.api.plan.SourcePlan;
import dev.tributary.api.validation.SqlStatements;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/** What differs between two releases of a Pipeline, part by part, as lines for people. */
final class PlanChanges {

    private PlanChanges() {
    }

    /** The names of the parts that changed: SQL, sources, sinks, settings, image. */
    static List<String> parts(Release before, Release after) {
        PipelinePlan a = before.plan();
        PipelinePlan b = after.plan();
        List<String> parts = new ArrayList<>();
        if (!statements(a.sql()).equals(statements(b.sql()))) {
            parts.add("SQL");
        }
        if (!a.sources().equals(b.sources())) {
            parts.add("sources");
        }
        if (!a.sinks().equals(b.sinks())) {
            parts.add("sinks");
        }
        if (!Objects.equals(a.checkpoints(), b.checkpoints()) || !Objects.equals(a.parallelism(), b.parallelism())
                || !a.flinkConfiguration().equals(b.flinkConfiguration()) || !Objects.equals(a.kafka(), b.kafka())
                || !Objects.equals(a.deadLetterTopic(), b.deadLetterTopic()) || a.version() != b.version()) {
            parts.add("settings");
        }
        if (before.image() != null && after.image() != null && !before.image().equals(after.image())) {
            parts.add("image");
        }
        return parts;
    }

    /** The changed parts in detail. */
    static List<String> details(Release before, Release after) {
        PipelinePlan a = before.plan();
        PipelinePlan b = after.plan();
        List<String> lines = new ArrayList<>();
        List<String> was = statements(a.sql());
        List<String> now = statements(b.sql());
        if (!was.equals(now)) {
            lines.add("SQL:");
            was.stream().filter(s -> !now.contains(s)).forEach(s -> lines.add("  - " + s));
            now.stream().filter(s -> !was.contains(s)).forEach(s -> lines.add("  + " + s));
        }
        named(lines, "source", a.sources(), b.sources(), SourcePlan::name, SourcePlan::fields);
        named(lines, "sink", a.sinks(), b.sinks(), SinkPlan::name, SinkPlan::fields);
        setting(lines, "checkpoints", a.checkpoints(), b.checkpoints());
        setting(lines, "parallelism", a.parallelism(), b.parallelism());
        setting(lines, "flinkConfiguration", a.flinkConfiguration(), b.flinkConfiguration());
        setting(lines, "kafka", a.kafka(), b.kafka());
        setting(lines, "deadLetterTopic", a.deadLetterTopic(), b.deadLetterTopic());
        if (parts(before, after).contains("image")) {
            lines.add("image: " + before.image() + " -> " + after.image());
        }
        return lines;
    }

    /** The statements, each on one line with runs of white space as one space: a re-indented query is no change. */
    static List<String> statements(String sql) {
        return SqlStatements.split(sql == null ? "" : sql).stream()
                .map(s -> SqlStatements.stripComments(s).strip().replaceAll("\\s+", " ")).toList();
    }

    private static <T> void named(List<String> lines, String what, List<T> was, List<T> now, Function<T, String> name,
            Function<T, List<FieldPlan>> fields) {
        for (T t : was) {
            T other = now.stream().filter(n -> name.apply(n).equals(name.apply(t))).findFirst().orElse(null);
            if (other == null) {
                lines.add(what + " " + name.apply(t) + ": removed");
            } else if (!other.equals(t)) {
                List<String> changes = new ArrayList<>();
                fields.apply(t).stream().filter(f -> !fields.apply(other).contains(f))
                        .forEach(f -> changes.add("- " + f.name() + " " + f.type()));
                fields.apply(other).stream().filter(f -> !fields.apply(t).contains(f))
                        .forEach(f -> changes.add("+ " + f.name() + " " + f.type()));
                lines.add(what + " " + name.apply(t) + ": " + (changes.isEmpty() ? "settings changed (" + t + " -> "
                        + other + ")" : "fields " + String.join(", ", changes)));
            }
        }
        now.stream().filter(n -> was.stream().noneMatch(w -> name.apply(w).equals(name.apply(n))))
                .forEach(n -> lines.add(what + " " + name.apply(n) + ": added"));
    }

    private static void setting(List<String> lines, String what, Object was, Object now) {
        if (!Objects.equals(was, now)) {
            lines.add(what + ": " + was + " -> " + now);
        }
    }
}
