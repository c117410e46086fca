package dev.tributary.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** What every Tributary status carries: the generation it describes and its conditions, Ready always among them. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public abstract class ResourceStatus {

    public static final String READY = "Ready";

    @JsonPropertyDescription("The metadata.generation of the spec this status describes.")
    public Long observedGeneration;

    @JsonPropertyDescription("Current observations. Ready is always present; its reason and message say what is"
            + " wrong and what to do when it is not True.")
    public List<Condition> conditions = new ArrayList<>();

    @JsonIgnore
    public Optional<Condition> condition(String type) {
        return conditions.stream().filter(c -> type.equals(c.type)).findFirst();
    }

    @JsonIgnore
    public boolean isReady() {
        return condition(READY).map(Condition::isTrue).orElse(false);
    }
}
