package dev.tributary.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;

/** How the operator guards a change of a running Pipeline's plan. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class UpgradeSpec {

    @JsonPropertyDescription("true: a plan change whose savepoint holds state the new job has no operator for is"
            + " started anyway, without that state (Flink's allowNonRestoredState). Default false: such a change is"
            + " not started and the Pipeline reports UpgradeBlocked with the operators that would lose state. State"
            + " of another shape cannot be restored either way; only upgradeMode: stateless starts such a change.")
    public Boolean allowStateLoss;

    @Size(max = 32)
    @Pattern(ApiPatterns.DURATION)
    @JsonPropertyDescription("How long the new job has, after its JobManager is redeployed, to run and complete its"
            + " first checkpoint; after that (or when it fails or cannot restore) the operator redeploys the previous"
            + " plan from the same savepoint (RolledBack). Defaults to three checkpoint intervals, at least 5m.")
    public String verifyTimeout;

    public boolean allowStateLossOrDefault() {
        return Boolean.TRUE.equals(allowStateLoss);
    }
}
