package dev.tributary.cli.dev;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PipelineMetricsTest {

    @Test
    void sumsTheDocumentedMetricsOverSubtasks() {
        String scrape = """
                # HELP flink_taskmanager_job_task_operator_tributary_source_recordsIn recordsIn
                # TYPE flink_taskmanager_job_task_operator_tributary_source_recordsIn counter
                flink_taskmanager_job_task_operator_tributary_source_recordsIn{source="clicks",subtask_index="0",} 1200.0
                flink_taskmanager_job_task_operator_tributary_source_recordsIn{source="clicks",subtask_index="1",} 800.0
                flink_taskmanager_job_task_operator_tributary_source_lateRecords{source="clicks",subtask_index="0",} 7.0
                flink_taskmanager_job_task_operator_tributary_sink_recordsOut{sink="sessions",subtask_index="0",} 31.0
                flink_taskmanager_job_task_operator_tributary_sink_recordsOut{sink="sessions",subtask_index="1",} 11.0
                flink_jobmanager_job_numberOfCompletedCheckpoints{job_name="shop/sessionize",} 4.0
                flink_jobmanager_job_numberOfFailedCheckpoints{job_name="shop/sessionize",} 0.0
                flink_jobmanager_job_numRestarts{job_name="shop/sessionize",} 1.0
                flink_taskmanager_job_task_operator_tributary_source_watermarkLagMs{source="clicks",} NaN
                """;
        assertThat(PipelineMetrics.parse(scrape)).isEqualTo(new PipelineMetrics(2000, 42, 7, 0, 4, 0, 1));
    }

    @Test
    void jobCountsAreUnknownUntilReported() {
        assertThat(PipelineMetrics.parse("")).isEqualTo(PipelineMetrics.NONE);
        assertThat(PipelineMetrics.parse("").completedCheckpoints()).isEqualTo(-1);
    }
}
