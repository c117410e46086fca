package dev.tributary.e2e.chart;

import java.nio.file.Path;

/** Where the chart is: {@code helm/tributary} (the e2e pom passes its path). */
final class ChartFiles {

    private ChartFiles() {
    }

    static Path directory() {
        return Path.of(System.getProperty("tributary.chart.dir", "../helm/tributary")).toAbsolutePath().normalize();
    }
}
