package dev.tributary.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonProperty;

/** How a running pipeline carries its state over a change of plan. */
public enum UpgradeMode {
    /** Stop with a savepoint and restore from it: no state lost, no duplicates. */
    @JsonProperty("savepoint")
    SAVEPOINT,
    /** Restart from the latest checkpoint: faster, replays what came after it. */
    @JsonProperty("last-state")
    LAST_STATE,
    /** Start afresh: state is dropped. */
    @JsonProperty("stateless")
    STATELESS
}
