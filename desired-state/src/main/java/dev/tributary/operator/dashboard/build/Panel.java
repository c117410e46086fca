package dev.tributary.operator.dashboard.build;

import java.util.List;

/**
 * One panel of a generated dashboard: what it shows (PromQL with the dashboard's variables, each with its legend),
 * its Grafana type and unit, and where its colour turns (an empty list: no thresholds but the base colour).
 */
public record Panel(String title, String type, String unit, String description, List<Query> queries,
        List<Threshold> thresholds) {

    public static final String TIME_SERIES = "timeseries";
    public static final String STAT = "stat";

    /** One PromQL expression and its legend ({@code {{label}}} placeholders). */
    public record Query(String expr, String legend) {
    }

    /** From {@code value} on, the panel shows {@code color}. */
    public record Threshold(double value, String color) {
    }

    static Panel series(String title, String unit, String description, Query... queries) {
        return new Panel(title, TIME_SERIES, unit, description, List.of(queries), List.of());
    }

    static Panel stat(String title, String unit, String description, List<Threshold> thresholds, Query... queries) {
        return new Panel(title, STAT, unit, description, List.of(queries), thresholds);
    }

    Panel withThresholds(Threshold... thresholds) {
        return new Panel(title, type, unit, description, queries, List.of(thresholds));
    }
}
