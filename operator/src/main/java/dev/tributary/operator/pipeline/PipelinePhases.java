package dev.tributary.operator.pipeline;

import dev.tributary.api.v1alpha1.Condition;
import dev.tributary.api.v1alpha1.PipelinePhase;
import dev.tributary.operator.status.Conditions;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;

/**
 * The phase, Ready and Deployed of a Pipeline whose children are applied, judged from its JobManager Deployment
 * alone: Running once the Deployment is Available, Deploying before. The Flink job itself (REST API) is not
 * observed yet, so Running means "the JobManager is up", not "the job is RUNNING".
 */
public final class PipelinePhases {

    public static final String DEPLOYED = "Deployed";
    public static final String JOB_MANAGER_AVAILABLE = "JobManagerAvailable";
    public static final String JOB_MANAGER_UNAVAILABLE = "JobManagerUnavailable";
    public static final String DEPLOYING = "Deploying";
    public static final String RUNNING = "Running";
    public static final String SUSPENDED = "Suspended";

    private PipelinePhases() {
    }

    public record Judgement(PipelinePhase phase, Condition ready, Condition deployed) {
    }

    public static Judgement of(Deployment jobManager, int taskManagers, boolean suspended) {
        if (!available(jobManager)) {
            String why = jobManager == null ? "the JobManager Deployment is not observed yet"
                    : "the JobManager Deployment is not Available yet";
            return new Judgement(PipelinePhase.Deploying,
                    Conditions.notReady(DEPLOYING, "Children are applied; " + why + ". Wait, or see kubectl describe"
                            + " deployment of the JobManager if it stays so."),
                    new Condition(DEPLOYED, Condition.FALSE, JOB_MANAGER_UNAVAILABLE, why + "."));
        }
        Condition deployed = new Condition(DEPLOYED, Condition.TRUE, JOB_MANAGER_AVAILABLE,
                "The JobManager Deployment is Available.");
        if (suspended) {
            return new Judgement(PipelinePhase.Suspended, Conditions.ready(SUSPENDED,
                    "The Pipeline is suspended: it runs no TaskManagers."), deployed);
        }
        return new Judgement(PipelinePhase.Running, Conditions.ready(RUNNING, "The JobManager is available with "
                + taskManagers + " TaskManager(s) ready; the Flink job itself is not observed yet."), deployed);
    }

    static boolean available(Deployment deployment) {
        if (deployment == null || deployment.getStatus() == null || deployment.getStatus().getConditions() == null) {
            return false;
        }
        return deployment.getStatus().getConditions().stream()
                .filter(c -> "Available".equals(c.getType())).map(DeploymentCondition::getStatus)
                .anyMatch("True"::equals);
    }
}
