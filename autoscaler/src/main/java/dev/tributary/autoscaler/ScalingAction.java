package dev.tributary.autoscaler;

/** What a decision does to the TaskManager count. */
public enum ScalingAction {
    HOLD, SCALE_UP, SCALE_DOWN;

    boolean reverses(ScalingAction previous) {
        return (this == SCALE_UP && previous == SCALE_DOWN) || (this == SCALE_DOWN && previous == SCALE_UP);
    }
}
