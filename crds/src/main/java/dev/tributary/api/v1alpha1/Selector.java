package dev.tributary.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import java.util.List;
import java.util.Map;

/** A Kubernetes label selector: every matchLabels entry and every matchExpressions requirement must hold. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "has(self.matchLabels) || has(self.matchExpressions)",
        message = "a selector needs matchLabels or matchExpressions; an empty selector would select everything")
public class Selector {

    @Size(max = 32)
    @JsonPropertyDescription("Labels that must all be present with these values.")
    public Map<String, @Size(max = 63) String> matchLabels;

    @Size(max = 32)
    @JsonPropertyDescription("Requirements on labels that must all hold.")
    public List<Requirement> matchExpressions;

    /** One requirement on a label. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @ValidationRule(value = "(self.operator in ['In', 'NotIn']) == (has(self.values) && size(self.values) > 0)",
            fieldPath = ".values", message = "In and NotIn need values; Exists and DoesNotExist take none")
    public static class Requirement {

        /** How a requirement compares the label's value. */
        public enum Operator {
            In,
            NotIn,
            Exists,
            DoesNotExist
        }

        @Required
        @Size(min = 1, max = 317)
        @JsonPropertyDescription("The label key.")
        public String key;

        @Required
        @JsonPropertyDescription("In, NotIn, Exists or DoesNotExist.")
        public Operator operator;

        @Size(max = 64)
        @JsonPropertyDescription("The values for In and NotIn.")
        public List<@Size(max = 63) String> values;
    }

    /** The same selector as Fabric8's model, for queries. */
    public LabelSelector toLabelSelector() {
        List<LabelSelectorRequirement> requirements = matchExpressions == null ? null : matchExpressions.stream()
                .map(r -> new LabelSelectorRequirement(r.key, r.operator.name(), r.values)).toList();
        return new LabelSelector(requirements, matchLabels);
    }
}
