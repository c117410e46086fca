package dev.tributary.api.plan;

/** One column: its name and Flink SQL type. */
public record FieldPlan(String name, String type) {
}
