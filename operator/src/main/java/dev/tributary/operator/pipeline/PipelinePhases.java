package dev.tributary.operator.pipeline;

import dev.tributary.api.v1alpha1.Condition;
import dev.tributary.api.v1alpha1.JobStatus;
import dev.tributary.api.v1alpha1.PipelinePhase;
import dev.tributary.operator.flink.FlinkJob;
import dev.tributary.operator.status.Conditions;
import dev.tributary.operator.status.PipelineReason;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The phase, Ready and Deployed of a Pipeline whose children are applied: Deploying until its JobManager Deployment
 * is Available, then judged by the Flink job as the JobManager's REST API reports it (Running means the job is
 * RUNNING, not merely that its pods are up).
 */
public final class PipelinePhases {

    private PipelinePhases() {
    }

    public record Judgement(PipelinePhase phase, Condition ready, Condition deployed) {
    }

    public static Judgement of(Deployment jobManager, int taskManagers, boolean suspended) {
        if (!available(jobManager)) {
            String why = jobManager == null ? "the JobManager Deployment is not observed yet"
                    : "the JobManager Deployment is not Available yet";
            return new Judgement(PipelinePhase.Deploying,
                    Conditions.notReady(PipelineReason.Deploying, "Children are applied; " + why
                            + ". Wait, or see kubectl describe"
                            + " deployment of the JobManager if it stays so."),
                    Conditions.of(PipelineReason.DEPLOYED, false, PipelineReason.JobManagerUnavailable, why + "."));
        }
        Condition deployed = Conditions.of(PipelineReason.DEPLOYED, true, PipelineReason.JobManagerAvailable,
                "The JobManager Deployment is Available.");
        if (suspended) {
            return new Judgement(PipelinePhase.Suspended, Conditions.ready(PipelineReason.Suspended,
                    "The Pipeline is suspended: it runs no TaskManagers."), deployed);
        }
        return new Judgement(PipelinePhase.Running, Conditions.ready(PipelineReason.Running,
                "The JobManager is available with "
                + taskManagers + " TaskManager(s) ready; the Flink job itself is not observed yet."), deployed);
    }

    /**
     * How long after its last failure a job that runs again still counts as restarting: longer than the runtime's
     * longest restart backoff (1 min) plus a start, so a job in a restart loop does not look Ready between two
     * restarts.
     */
    public static final Duration RESTART_WINDOW = Duration.ofMinutes(2);

    /**
     * A JobManager that is Available, judged by its job as Flink reports it.
     *
     * @param job the job, or empty when the JobManager runs none yet
     * @param previous the job as the last poll recorded it in status, or null
     * @param unreachable why the JobManager's REST API did not answer, or null when it did
     */
    public static Judgement ofJob(Optional<FlinkJob> job, JobStatus previous, String unreachable, int taskManagers,
            Instant now) {
        Condition deployed = Conditions.of(PipelineReason.DEPLOYED, true, PipelineReason.JobManagerAvailable,
                "The JobManager Deployment is Available.");
        if (unreachable != null) {
            return new Judgement(PipelinePhase.Deploying, Conditions.notReady(PipelineReason.JobManagerUnreachable,
                    "The JobManager runs but its REST API does not answer: " + unreachable), deployed);
        }
        if (job.isEmpty()) {
            return new Judgement(PipelinePhase.Deploying, Conditions.notReady(PipelineReason.JobNotSubmitted,
                    "The JobManager runs no job yet; its log says why if this lasts."), deployed);
        }
        FlinkJob j = job.get();
        String error = j.lastError() == null ? "" : " Last error: " + j.lastError();
        return switch (j.state()) {
            case "FAILED" -> new Judgement(PipelinePhase.Failed, Conditions.notReady(PipelineReason.JobFailed, "Job "
                    + j.id()
                    + " FAILED." + error + " Fix the cause and change the Pipeline to redeploy it."), deployed);
            case "FINISHED", "CANCELED" -> new Judgement(PipelinePhase.Failed,
                    Conditions.notReady(PipelineReason.JobEnded,
                    "Job " + j.id() + " is " + j.state() + " although a streaming pipeline never ends by itself;"
                            + " change the Pipeline to redeploy it." + error), deployed);
            case "RESTARTING", "FAILING" -> new Judgement(PipelinePhase.Running,
                    Conditions.notReady(PipelineReason.JobRestarting,
                    "Job " + j.id() + " is " + j.state() + " (" + j.restarts() + " restart(s))." + error), deployed);
            default -> {
                if (restartedLately(j, previous, now)) {
                    yield new Judgement(PipelinePhase.Running, Conditions.notReady(PipelineReason.JobRestarting,
                            "Job " + j.id()
                            + " keeps restarting (" + j.restarts() + " restart(s) so far); it is " + j.state()
                            + " between restarts, and Ready once it runs " + RESTART_WINDOW.toMinutes()
                            + " minutes without one." + error), deployed);
                }
                yield "RUNNING".equals(j.state())
                        ? new Judgement(PipelinePhase.Running, Conditions.ready(PipelineReason.JobRunning, "Job "
                                + j.id()
                                + " is RUNNING on " + taskManagers + " TaskManager(s)" + (j.restarts() > 0 ? " after "
                                + j.restarts() + " restart(s)." + error : ".")), deployed)
                        : new Judgement(PipelinePhase.Deploying, Conditions.notReady(PipelineReason.JobStarting,
                                "Job " + j.id()
                                + " is " + j.state() + "."), deployed);
            }
        };
    }

    /**
     * Whether a job that is not RESTARTING right now restarted since the last poll (its restart count grew: the poll
     * fell between two restarts) or failed within {@link #RESTART_WINDOW}.
     */
    static boolean restartedLately(FlinkJob job, JobStatus previous, Instant now) {
        if (job.restarts() == 0) {
            return false;
        }
        boolean grew = previous != null && job.id().equals(previous.id) && previous.restarts != null
                && job.restarts() > previous.restarts;
        boolean recent = job.lastErrorTime() != null && job.lastErrorTime().plus(RESTART_WINDOW).isAfter(now);
        return grew || recent;
    }

    public static boolean available(Deployment deployment) {
        if (deployment == null || deployment.getStatus() == null || deployment.getStatus().getConditions() == null) {
            return false;
        }
        return deployment.getStatus().getConditions().stream()
                .filter(c -> "Available".equals(c.getType())).map(DeploymentCondition::getStatus)
                .anyMatch("True"::equals);
    }
}
