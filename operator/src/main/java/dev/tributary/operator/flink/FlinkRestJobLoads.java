package dev.tributary.operator.flink;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tributary.api.v1alpha1.Pipeline;
import java.net.URI;

/**
 * {@link JobLoads} from the job's vertices and their subtask metrics aggregated by Flink
 * ({@code /jobs/:id/vertices/:vid/subtasks/metrics?agg=max}): the busiest and the most back-pressured subtask.
 */
public class FlinkRestJobLoads implements JobLoads {

    static final String METRICS = "busyTimeMsPerSecond,backPressuredTimeMsPerSecond";

    private final FlinkRestJobs rest;
    private final JobManagerEndpoints endpoints;

    public FlinkRestJobLoads(FlinkRestJobs rest, JobManagerEndpoints endpoints) {
        this.rest = rest;
        this.endpoints = endpoints;
    }

    @Override
    public JobLoad load(Pipeline pipeline, String jobId) {
        URI base = endpoints.restEndpoint(pipeline);
        double busy = Double.NaN;
        double backPressured = Double.NaN;
        for (JsonNode vertex : rest.get(base, "/jobs/" + jobId).path("vertices")) {
            JsonNode metrics = rest.get(base, "/jobs/" + jobId + "/vertices/" + vertex.path("id").asText()
                    + "/subtasks/metrics?get=" + METRICS + "&agg=max");
            busy = larger(busy, figure(metrics, "busyTimeMsPerSecond", "max", Double.NaN) / 1000.0);
            backPressured = larger(backPressured,
                    figure(metrics, "backPressuredTimeMsPerSecond", "max", Double.NaN) / 1000.0);
        }
        return new JobLoad(busy, backPressured);
    }

    /** Flink answers "NaN" for a vertex that has not measured yet (an idle source). */
    private static double figure(JsonNode metrics, String id, String aggregate, double unknown) {
        for (JsonNode metric : metrics) {
            if (id.equals(metric.path("id").asText())) {
                JsonNode value = metric.path(aggregate);
                double parsed = value.isNumber() ? value.asDouble() : parseOr(value.asText(), unknown);
                return Double.isNaN(parsed) ? unknown : parsed;
            }
        }
        return unknown;
    }

    private static double parseOr(String text, double unknown) {
        try {
            return Double.parseDouble(text);
        } catch (NumberFormatException e) {
            return unknown;
        }
    }

    private static double larger(double a, double b) {
        if (Double.isNaN(a)) {
            return b;
        }
        return Double.isNaN(b) ? a : Math.max(a, b);
    }
}
