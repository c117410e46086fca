package dev.tributary.sqlcheck.upgrade;

/**
 * One operator of a pipeline's job as a savepoint knows it.
 *
 * @param id Flink's operator id (hex), under which a savepoint stores the operator's state: derived from an explicit
 *     uid, or else from the operator's place in the job graph
 * @param name what the operator does, e.g. {@code GroupAggregate} or {@code Join}
 * @param description the planner's description, e.g. {@code GroupAggregate(groupBy=[user_id], select=[...])}
 * @param stateful whether the operator keeps state a savepoint carries (keyed SQL operators, Kafka readers, sinks)
 * @param stateShape what the state's serializers depend on (key and row types, aggregate calls): two operators with
 *     the same id and the same shape read each other's state
 * @param keyGroups the number of key groups its keyed state is split into (the job's max parallelism, Flink's
 *     {@code pipeline.max-parallelism}); 0 for an operator without keyed state. Flink cannot restore keyed state
 *     into another number of key groups.
 */
public record JobOperator(String id, String name, String description, boolean stateful, String stateShape,
        int keyGroups) {

    /** An operator without keyed state, or whose key groups do not matter to the caller. */
    public JobOperator(String id, String name, String description, boolean stateful, String stateShape) {
        this(id, name, description, stateful, stateShape, 0);
    }
}
