package dev.tributary.e2e.dashboards;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class UnitsTest {

    @Test
    void numbersReadAsGrafanaShowsThemInEachUnit() {
        assertThat(Units.format(0.25, "percentunit")).isEqualTo("25 %");
        assertThat(Units.format(12.5, "rps")).isEqualTo("12.5/s");
        assertThat(Units.format(0.042, "s")).isEqualTo("42 ms");
        assertThat(Units.format(600, "s")).isEqualTo("10 min");
        assertThat(Units.format(3 * 1024 * 1024, "bytes")).isEqualTo("3 MiB");
        assertThat(Units.format(25_000, "short")).isEqualTo("25.0k");
        assertThat(Units.format(Double.NaN, "short")).isEqualTo("-");
    }

    @Test
    void gridLinesFallOnRoundValues() {
        assertThat(DashboardPicture.niceStep(0.27)).isEqualTo(0.5);
        assertThat(DashboardPicture.niceStep(0.25)).isEqualTo(0.25, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(DashboardPicture.niceStep(118)).isEqualTo(200);
        assertThat(DashboardPicture.niceStep(1.7)).isEqualTo(2);
    }

    @Test
    void aLegendFormatTakesTheSeriesLabels() throws Exception {
        var metric = new com.fasterxml.jackson.databind.ObjectMapper().readTree(
                "{\"pipeline\": \"sessionize\", \"error_kind\": \"constraint\"}");
        assertThat(DashboardMetricsE2E.legend("{{pipeline}} {{error_kind}}", metric)).isEqualTo("sessionize constraint");
        assertThat(DashboardMetricsE2E.legend("{{pipeline}} {{sink}}", metric)).isEqualTo("sessionize");
    }
}
