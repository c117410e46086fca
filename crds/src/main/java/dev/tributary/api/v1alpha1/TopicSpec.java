package dev.tributary.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.Map;

/** A Kafka topic that Tributary creates and keeps in the declared shape, or that it only reads when external. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "!has(oldSelf.partitions) || (has(self.partitions) && self.partitions >= oldSelf.partitions)",
        fieldPath = ".partitions", reason = "FieldValueForbidden",
        message = "partitions can only grow: Kafka cannot remove partitions; keep the old count or create a new topic")
@ValidationRule(value = "!(has(self.external) && self.external) || (!has(self.partitions) && !has(self.replicationFactor) && !has(self.config))",
        fieldPath = ".external",
        message = "an external topic is never changed by Tributary: remove partitions, replicationFactor and config, or set external to false")
@ValidationRule(value = "!(has(self.external) && self.external) || !has(self.deletionPolicy) || self.deletionPolicy == 'Retain'",
        fieldPath = ".deletionPolicy",
        message = "an external topic is never deleted by Tributary: set deletionPolicy to Retain or external to false")
@ValidationRule(value = TopicSpec.MIN_ISR_RULE, fieldPath = ".config",
        message = "config min.insync.replicas must be lower than replicationFactor (or both 1): otherwise one broker outage stops every write; lower min.insync.replicas or raise replicationFactor")
public class TopicSpec {

    public static final String MIN_INSYNC_REPLICAS = "min.insync.replicas";
    public static final int DEFAULT_PARTITIONS = 3;

    static final String MIN_ISR_RULE = "!has(self.config) || !has(self.replicationFactor)"
            + " || !('min.insync.replicas' in self.config)"
            + " || !self.config['min.insync.replicas'].matches('^[0-9]{1,4}$')"
            + " || int(self.config['min.insync.replicas']) < self.replicationFactor"
            + " || (self.replicationFactor == 1 && int(self.config['min.insync.replicas']) == 1)";

    @Size(min = 1, max = 249)
    @Pattern(ApiPatterns.TOPIC_NAME)
    @ValidationRule(value = "self != '.' && self != '..'", message = "'.' and '..' are not legal Kafka topic names")
    @JsonPropertyDescription("Kafka topic name: letters, digits, '.', '_' and '-', at most 249 characters."
            + " Defaults to <namespace>.<resource name>. Cannot change once the resource exists.")
    public String name;

    @Min(1)
    @Max(10000)
    @JsonPropertyDescription("Number of partitions, which caps a pipeline's parallelism. Defaults to 3."
            + " Can grow; can never shrink, because Kafka cannot remove partitions.")
    public Integer partitions;

    @Min(1)
    @Max(32767)
    @JsonPropertyDescription("Number of copies of each partition. Defaults to the broker's default.replication.factor."
            + " Changing it on an existing topic is not supported.")
    public Integer replicationFactor;

    @Size(max = 64)
    @ValidationRule(value = "self.all(k, k.matches('" + ApiPatterns.CONFIG_KEY + "') && size(k) <= 255)",
            message = "config keys are Kafka topic-config names such as retention.ms or cleanup.policy")
    @JsonPropertyDescription("Kafka topic configs, for example retention.ms: \"604800000\" or cleanup.policy: compact."
            + " Tributary keeps them as declared and puts back changes made directly in Kafka.")
    public Map<String, @Size(max = 4096) String> config;

    @JsonPropertyDescription("true when the topic is managed outside Tributary: it must exist, and is only read,"
            + " never created, changed or deleted.")
    public Boolean external;

    @JsonPropertyDescription("Retain (default) leaves the topic and its data when the resource is deleted;"
            + " Delete removes the topic with the resource.")
    public DeletionPolicy deletionPolicy;

    public TopicSpec() {
    }

    public TopicSpec(String name) {
        this.name = name;
    }

    public boolean isExternal() {
        return Boolean.TRUE.equals(external);
    }

    public DeletionPolicy deletionPolicyOrDefault() {
        return deletionPolicy == null ? DeletionPolicy.Retain : deletionPolicy;
    }

    public int partitionsOrDefault() {
        return partitions == null ? DEFAULT_PARTITIONS : partitions;
    }
}
