package dev.tributary.cli.dev;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AttemptTotalsTest {

    @Test
    void countersOfEveryAttemptAddUpWhenFlinksStartAgainAtZero() {
        AttemptTotals totals = new AttemptTotals();
        totals.add(new PipelineMetrics(100, 40, 2, 5, 3, 0, 0));
        totals.add(new PipelineMetrics(150, 60, 3, 5, 4, 0, 0));
        // the job restarted: its task metrics start again at 0
        totals.add(new PipelineMetrics(0, 0, 0, 0, 4, 0, 1));
        totals.add(PipelineMetrics.NONE);
        assertThat(totals.add(new PipelineMetrics(30, 10, 1, 5, 6, 0, 1)))
                .isEqualTo(new PipelineMetrics(180, 70, 4, 10, 6, 0, 1));
    }

    @Test
    void aScrapeWithoutTheJobChangesNothing() {
        AttemptTotals totals = new AttemptTotals();
        totals.add(new PipelineMetrics(100, 40, 2, 5, 3, 0, 0));
        assertThat(totals.add(PipelineMetrics.NONE)).isEqualTo(new PipelineMetrics(100, 40, 2, 5, 3, 0, 0));
    }
}
