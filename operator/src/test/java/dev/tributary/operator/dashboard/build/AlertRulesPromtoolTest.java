package dev.tributary.operator.dashboard.build;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.api.v1alpha1.Dashboard;
import dev.tributary.api.v1alpha1.Pipeline;
import dev.tributary.local.Prometheus;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The generated alert rules in Prometheus's own tools: {@code promtool check rules} on the PrometheusRule's groups
 * exactly as generated, and {@code promtool test rules} with series that make each alert fire for the Pipeline in
 * trouble and stay quiet for the healthy one. promtool compares annotations literally, and several carry
 * {@code $value}; the unit tests therefore run on the same groups with the annotations left out (expressions,
 * {@code for} and labels unchanged), while {@code check rules} has checked the annotations' templates.
 */
class AlertRulesPromtoolTest {

    private static final String NS = "shop";

    /** sessionize: autoscaled to at most 3 TaskManagers, 20 s checkpoints; the others plain. */
    static List<Pipeline> pipelines() {
        return List.of(
                DashboardFixtures.pipeline(NS, "sessionize", "team: web", """
                        parallelism: {initial: 2, min: 1, max: 6}
                        autoscaling: {enabled: true}
                        checkpoints: {interval: 20s}
                        resources: {taskManager: {taskSlots: 2}}"""),
                DashboardFixtures.pipeline(NS, "audit", "team: web", ""),
                DashboardFixtures.pipeline(NS, "stopped", "team: web", ""),
                DashboardFixtures.pipeline(NS, "gone", "team: web", ""));
    }

    static List<Map<String, Object>> groups() {
        Dashboard dashboard = DashboardFixtures.dashboard(NS, "web", """
                pipelines: {selector: {matchLabels: {team: web}}}
                alerts: {enabled: true, lagSeconds: 120, deadLetterRatePerSecond: 0.5, restartsPerHour: 2}""");
        DashboardChildren.Desired desired = DashboardChildren.desired(dashboard, pipelines());
        @SuppressWarnings("unchecked")
        Map<String, Object> spec = (Map<String, Object>) desired.alerts().orElseThrow().getAdditionalProperties().get("spec");
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> groups = (List<Map<String, Object>>) spec.get("groups");
        return groups;
    }

    @Test
    void promtoolAcceptsTheGeneratedRules(@TempDir Path dir) throws Exception {
        Path rules = Files.writeString(dir.resolve("rules.yml"), Serialization.asYaml(Map.of("groups", groups())));
        String out = Prometheus.promtool(List.of("check", "rules", rules.toString()));
        System.out.println(out);
        assertThat(out).contains("SUCCESS: 25 rules found");
    }

    @Test
    void eachAlertFiresForThePipelineInTroubleAndStaysQuietForTheHealthyOne(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("rules.yml"), Serialization.asYaml(Map.of("groups", withoutAnnotations(groups()))));
        Path tests = Files.writeString(dir.resolve("tests.yml"), """
                rule_files: [rules.yml]
                evaluation_interval: 1m
                tests:
                  - interval: 1m
                    input_series:
                      # sessionize: behind (lag 1000+ records at 1 record/s), failing checkpoints, last checkpoint at
                      # second 1, dead letters at 1/s, a restart a minute, at its 3 TaskManagers with lag growing.
                      - series: 'flink_taskmanager_job_task_operator_KafkaSourceReader_KafkaConsumer_records_lag_max{namespace="shop", pipeline="sessionize", subtask_index="0"}'
                        values: '1000+100x40'
                      - series: 'flink_taskmanager_job_task_operator_tributary_source_recordsIn{namespace="shop", pipeline="sessionize", source="clicks"}'
                        values: '0+60x40'
                      - series: 'flink_jobmanager_job_numberOfFailedCheckpoints{namespace="shop", pipeline="sessionize"}'
                        values: '0+1x40'
                      - series: 'flink_jobmanager_job_lastCheckpointCompletedTimestamp{namespace="shop", pipeline="sessionize"}'
                        values: '1000x40'
                      - series: 'flink_jobmanager_job_runningTime{namespace="shop", pipeline="sessionize"}'
                        values: '0+60000x40'
                      # half of them the source's, half the query's after a shuffle: neither alone is over 0.5/s
                      - series: 'flink_taskmanager_job_task_operator_tributary_source_deadLetters{namespace="shop", pipeline="sessionize", source="clicks"}'
                        values: '0+30x40'
                      - series: 'flink_taskmanager_job_task_operator_tributary_query_deadLetters{namespace="shop", pipeline="sessionize", query="Calc"}'
                        values: '0+30x40'
                      - series: 'flink_jobmanager_job_numRestarts{namespace="shop", pipeline="sessionize"}'
                        values: '0+1x40'
                      - series: 'flink_jobmanager_numRegisteredTaskManagers{namespace="shop", pipeline="sessionize"}'
                        values: '3x40'
                      # audit: healthy. Lag 10 records at 10 records/s, checkpoints every minute, few dead letters.
                      - series: 'flink_taskmanager_job_task_operator_KafkaSourceReader_KafkaConsumer_records_lag_max{namespace="shop", pipeline="audit", subtask_index="0"}'
                        values: '10x40'
                      - series: 'flink_taskmanager_job_task_operator_tributary_source_recordsIn{namespace="shop", pipeline="audit", source="clicks"}'
                        values: '0+600x40'
                      - series: 'flink_jobmanager_job_numberOfFailedCheckpoints{namespace="shop", pipeline="audit"}'
                        values: '0x40'
                      - series: 'flink_jobmanager_job_lastCheckpointCompletedTimestamp{namespace="shop", pipeline="audit"}'
                        values: '0+60000x40'
                      - series: 'flink_jobmanager_job_runningTime{namespace="shop", pipeline="audit"}'
                        values: '0+60000x40'
                      - series: 'flink_taskmanager_job_task_operator_tributary_sink_deadLetters{namespace="shop", pipeline="audit", sink="sessions"}'
                        values: '0+6x40'
                      - series: 'flink_jobmanager_job_numRestarts{namespace="shop", pipeline="audit"}'
                        values: '0x40'
                      # stopped: its JobManager reports the job out of RUNNING. gone: no metrics at all.
                      - series: 'flink_jobmanager_job_runningTime{namespace="shop", pipeline="stopped"}'
                        values: '0x40'
                    alert_rule_test:
                      - {eval_time: 3m, alertname: TributaryPipelineLagHigh, exp_alerts: []}
                      - eval_time: 10m
                        alertname: TributaryPipelineLagHigh
                        exp_alerts: [{exp_labels: {severity: warning, namespace: shop, pipeline: sessionize}}]
                      - eval_time: 10m
                        alertname: TributaryCheckpointsFailing
                        exp_alerts: [{exp_labels: {severity: warning, namespace: shop, pipeline: sessionize}}]
                      - eval_time: 10m
                        alertname: TributaryNoCheckpointCompleted
                        exp_alerts: [{exp_labels: {severity: critical, namespace: shop, pipeline: sessionize}}]
                      - {eval_time: 3m, alertname: TributaryJobNotRunning, exp_alerts: []}
                      - eval_time: 10m
                        alertname: TributaryJobNotRunning
                        exp_alerts:
                          - {exp_labels: {severity: critical, namespace: shop, pipeline: stopped}}
                          - {exp_labels: {severity: critical, namespace: shop, pipeline: gone}}
                      - eval_time: 10m
                        alertname: TributaryDeadLetters
                        exp_alerts: [{exp_labels: {severity: warning, namespace: shop, pipeline: sessionize}}]
                      - eval_time: 10m
                        alertname: TributaryJobRestarting
                        exp_alerts: [{exp_labels: {severity: warning, namespace: shop, pipeline: sessionize}}]
                      - {eval_time: 10m, alertname: TributaryAutoscalerAtMaximum, exp_alerts: []}
                      - eval_time: 25m
                        alertname: TributaryAutoscalerAtMaximum
                        exp_alerts: [{exp_labels: {severity: warning, namespace: shop, pipeline: sessionize}}]
                  # At its maximum but the lag is flat; and below its maximum with the lag growing: no alert.
                  - interval: 1m
                    input_series:
                      - series: 'flink_taskmanager_job_task_operator_KafkaSourceReader_KafkaConsumer_records_lag_max{namespace="shop", pipeline="sessionize", subtask_index="0"}'
                        values: '1000x40'
                      - series: 'flink_jobmanager_numRegisteredTaskManagers{namespace="shop", pipeline="sessionize"}'
                        values: '3x40'
                    alert_rule_test:
                      - {eval_time: 25m, alertname: TributaryAutoscalerAtMaximum, exp_alerts: []}
                  - interval: 1m
                    input_series:
                      - series: 'flink_taskmanager_job_task_operator_KafkaSourceReader_KafkaConsumer_records_lag_max{namespace="shop", pipeline="sessionize", subtask_index="0"}'
                        values: '1000+100x40'
                      - series: 'flink_jobmanager_numRegisteredTaskManagers{namespace="shop", pipeline="sessionize"}'
                        values: '2x40'
                    alert_rule_test:
                      - {eval_time: 25m, alertname: TributaryAutoscalerAtMaximum, exp_alerts: []}
                """);
        String out = Prometheus.promtool(List.of("test", "rules", tests.toString()));
        System.out.println(out);
        assertThat(out).contains("SUCCESS");
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> withoutAnnotations(List<Map<String, Object>> groups) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Map<String, Object> group : groups) {
            Map<String, Object> copy = new LinkedHashMap<>(group);
            copy.put("rules", ((List<Map<String, Object>>) group.get("rules")).stream().map(rule -> {
                Map<String, Object> r = new LinkedHashMap<>(rule);
                r.remove("annotations");
                return r;
            }).toList());
            out.add(copy);
        }
        return out;
    }
}
