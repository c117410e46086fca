package dev.tributary.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.model.annotation.SpecReplicas;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The processing between Sources and Sinks: SQL run as a Flink job. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "!self.sources.exists(s, s in self.sinks)", fieldPath = ".sinks",
        message = "a name cannot be both a source and a sink: each becomes a SQL table of that name")
@ValidationRule(value = "!has(self.replicas) || !has(self.autoscaling) || !has(self.autoscaling.enabled) || !self.autoscaling.enabled",
        fieldPath = ".replicas",
        message = "replicas is chosen by the autoscaler while autoscaling.enabled is true: remove replicas, or disable autoscaling to set it (or let HPA/KEDA set it)")
@ValidationRule(value = "(has(self.deadLetter) && has(self.deadLetter.topic) && has(self.deadLetter.topic.name) ? self.deadLetter.topic.name : '')"
        + " == (has(oldSelf.deadLetter) && has(oldSelf.deadLetter.topic) && has(oldSelf.deadLetter.topic.name) ? oldSelf.deadLetter.topic.name : '')",
        fieldPath = ".deadLetter.topic.name", reason = "FieldValueForbidden", message = TopicRules.NAME_UNCHANGED_MESSAGE)
public class PipelineSpec {

    static final String UNIQUE_RULE = "self.all(n, self.exists_one(m, m == n))";

    @Required
    @Size(min = 1, max = 32)
    @ValidationRule(value = UNIQUE_RULE, message = "each Source may be listed once")
    @JsonPropertyDescription("Names of the Sources the pipeline reads, in this namespace. Each becomes a SQL table of"
            + " the same name (quote names with '-' or '.' in backticks).")
    public List<@Size(min = 1, max = 253) @Pattern(ApiPatterns.OBJECT_NAME) String> sources = new ArrayList<>();

    @Required
    @Size(min = 1, max = 32)
    @ValidationRule(value = UNIQUE_RULE, message = "each Sink may be listed once")
    @JsonPropertyDescription("Names of the Sinks the pipeline writes, in this namespace. Each becomes a SQL table of"
            + " the same name that an INSERT INTO writes.")
    public List<@Size(min = 1, max = 253) @Pattern(ApiPatterns.OBJECT_NAME) String> sinks = new ArrayList<>();

    @Required
    @Size(min = 1, max = 262144)
    @ValidationRule(value = "self.lowerAscii().contains('insert')",
            message = "sql must contain at least one INSERT INTO <sink> SELECT ... statement")
    @JsonPropertyDescription("Flink SQL: one or more INSERT INTO <sink> SELECT ... FROM <source> statements separated"
            + " by ';', run together as one job. Tables come from sources and sinks; do not declare them.")
    public String sql;

    @JsonPropertyDescription("Parallelism to start with, and the bounds the autoscaler keeps to.")
    public ParallelismSpec parallelism;

    @Min(1)
    @Max(ParallelismSpec.MAX_PARALLELISM)
    @SpecReplicas
    @JsonPropertyDescription("Number of TaskManagers while autoscaling is disabled; kubectl scale, HPA and KEDA set it"
            + " through the scale subresource. Defaults to parallelism.initial divided by task slots.")
    public Integer replicas;

    @JsonPropertyDescription("Scaling on consumer lag. The decision is written to status and applied to the"
            + " TaskManagers, never to this spec.")
    public AutoscalingSpec autoscaling;

    @JsonPropertyDescription("Checkpoint interval, delivery guarantee and storage.")
    public CheckpointSpec checkpoints;

    @JsonPropertyDescription("How a change of SQL, sources, sinks or image carries state over: savepoint (default),"
            + " last-state or stateless.")
    public UpgradeMode upgradeMode;

    @JsonPropertyDescription("How a plan change is guarded: whether it may drop state (allowStateLoss) and how long the"
            + " new job has to prove itself before the previous plan is restored (verifyTimeout).")
    public UpgradeSpec upgrade;

    @JsonPropertyDescription("Where records that fail to parse or fit the schema go.")
    public DeadLetterSpec deadLetter;

    @JsonPropertyDescription("running (default) or suspended: suspending stops the job with a savepoint and scales to"
            + " zero; running again resumes from that savepoint.")
    public PipelineState state;

    @Size(max = 1024)
    @Pattern("^[^\\s]+$")
    @JsonPropertyDescription("Container image of the pipeline runtime. Defaults to the operator's configured image.")
    public String image;

    @JsonPropertyDescription("CPU and memory of the JobManager and TaskManagers.")
    public PipelineResources resources;

    @Size(max = 128)
    @ValidationRule(value = FlinkConfigurationPolicy.RULE, messageExpression = FlinkConfigurationPolicy.MESSAGE_EXPRESSION)
    @JsonPropertyDescription("Extra Flink configuration passed through as is, for example"
            + " table.exec.state.ttl: 1h. Keys that Tributary sets from this spec are rejected.")
    public Map<String, @Size(max = 4096) String> flinkConfiguration;

    public UpgradeMode upgradeModeOrDefault() {
        return upgradeMode == null ? UpgradeMode.SAVEPOINT : upgradeMode;
    }

    public PipelineState stateOrDefault() {
        return state == null ? PipelineState.RUNNING : state;
    }
}
