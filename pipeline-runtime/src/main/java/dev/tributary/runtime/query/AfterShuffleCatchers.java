package dev.tributary.runtime.query;

import dev.tributary.runtime.JobOperators;
import dev.tributary.runtime.deadletter.DeadLetter;
import dev.tributary.runtime.deadletter.DeadLetterFit;
import java.lang.reflect.Field;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.dag.Transformation;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.operators.ChainingStrategy;
import org.apache.flink.streaming.api.operators.SimpleOperatorFactory;
import org.apache.flink.streaming.api.transformations.OneInputTransformation;
import org.apache.flink.streaming.api.transformations.PartitionTransformation;
import org.apache.flink.streaming.api.transformations.SideOutputTransformation;
import org.apache.flink.streaming.api.transformations.UnionTransformation;
import org.apache.flink.streaming.runtime.partitioner.ForwardPartitioner;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.runtime.typeutils.InternalTypeInfo;
import org.apache.flink.table.types.logical.RowType;

/**
 * Where a row can make the query fail away from its source, puts a {@link RowFailureCatcher} in front. A row that
 * fails the query where it runs chained to the source becomes a dead letter there, with the original record
 * ({@code DecodingDeserializer}); after a shuffle (a {@code GROUP BY}, a join, a window, a change of parallelism)
 * the source is in another task and the failure would fail the job, on every restore. So each stateless operator of
 * the query that runs after a shuffle ({@link #GUARDED}) gets a catcher chained in front of it: the planner's graph
 * is otherwise unchanged (the catcher has no state and runs in the same task). Operators that keep state or buffer
 * rows (aggregations, joins) are left as they are: a failure inside one, after it changed its state, still fails the
 * job. With operator chaining off nothing is caught, here or at the source.
 */
public final class AfterShuffleCatchers {

    /**
     * The planner's operators that compute a row's values and keep nothing: projections and filters, table functions,
     * grouping-set expansion, a sink's constraint check. Not operators that buffer rows (a mini-batch's local
     * aggregation flushes other rows than the one it was handed, so a failure there is not that row's).
     */
    private static final Pattern GUARDED = Pattern.compile("(\\[\\d+]:)?(Calc|Correlate|Expand|ConstraintEnforcer)\\b");
    private static final Field ONE_INPUT = field(OneInputTransformation.class, "input");
    private static final Field PREDECESSORS = field(Transformation.class, "predecessorsCache");

    private AfterShuffleCatchers() {
    }

    /**
     * Puts a catcher in front of each such operator of the job built so far on {@code env}; returns their dead
     * letters, for the pipeline's dead-letter topic (cut to fit it by {@code fit}).
     */
    public static List<DataStream<DeadLetter>> insert(StreamExecutionEnvironment env, DeadLetterFit fit) {
        if (!env.isChainingEnabled()) {
            return List.of(); // a catcher in a task of its own would catch nothing
        }
        Set<Transformation<?>> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        Deque<Transformation<?>> todo = new ArrayDeque<>(env.getTransformations());
        List<OneInputTransformation<RowData, ?>> guarded = new ArrayList<>();
        while (!todo.isEmpty()) {
            Transformation<?> t = todo.pop();
            if (seen.add(t)) {
                todo.addAll(t.getInputs());
                guarded(t).ifPresent(guarded::add);
            }
        }
        List<DataStream<DeadLetter>> deadLetters = new ArrayList<>();
        for (OneInputTransformation<RowData, ?> operator : guarded) {
            deadLetters.add(new DataStream<>(env, new SideOutputTransformation<>(catcherBefore(operator, fit),
                    RowFailureCatcher.DEAD_LETTERS)));
        }
        // what Flink remembers of the graph before it was changed
        seen.forEach(t -> predecessorsCache(t).clear());
        return deadLetters;
    }

    @SuppressWarnings("unchecked")
    private static Optional<OneInputTransformation<RowData, ?>> guarded(Transformation<?> t) {
        if (t instanceof OneInputTransformation<?, ?> operator && operator.getStateKeySelector() == null
                && GUARDED.matcher(String.valueOf(operator.getDescription())).lookingAt()
                && isRows(operator.getInputType()) && isRows(operator.getOutputType()) && afterShuffle(operator)) {
            return java.util.Optional.of((OneInputTransformation<RowData, ?>) operator);
        }
        return java.util.Optional.empty();
    }

    /**
     * Whether the operator runs in another task than every source it reads: somewhere up its chain of single inputs
     * there is a shuffle, a change of parallelism, or an operator with several inputs (a join, a union).
     */
    static boolean afterShuffle(Transformation<?> operator) {
        Transformation<?> node = operator;
        int parallelism = operator.getParallelism();
        while (true) {
            List<Transformation<?>> inputs = node.getInputs();
            if (inputs.isEmpty()) {
                return false; // a source, chained all the way
            }
            if (inputs.size() > 1) {
                return true;
            }
            Transformation<?> input = inputs.get(0);
            if (input instanceof PartitionTransformation<?> partition) {
                if (!(partition.getPartitioner() instanceof ForwardPartitioner)) {
                    return true;
                }
            } else if (!(input instanceof SideOutputTransformation<?> || input instanceof UnionTransformation<?>)) {
                if (input.getParallelism() != parallelism) {
                    return true;
                }
                parallelism = input.getParallelism();
            }
            node = input;
        }
    }

    @SuppressWarnings("unchecked")
    private static OneInputTransformation<RowData, RowData> catcherBefore(OneInputTransformation<RowData, ?> operator,
            DeadLetterFit fit) {
        Transformation<RowData> input = (Transformation<RowData>) operator.getInputs().get(0);
        TypeInformation<RowData> type = input.getOutputType();
        RowType rowType = (RowType) ((InternalTypeInfo<RowData>) type).toLogicalType();
        String stage = JobOperators.withoutExecNodeId(operator.getName());
        String description = JobOperators.withoutExecNodeId(String.valueOf(operator.getDescription()));
        OneInputTransformation<RowData, RowData> catcher = new OneInputTransformation<>(input,
                "dead letters of " + operator.getName(), SimpleOperatorFactory.of(new RowFailureCatcher(stage,
                        description, rowType, fit)), type, operator.getParallelism(),
                operator.isParallelismConfigured());
        if (operator.getMaxParallelism() > 0) {
            catcher.setMaxParallelism(operator.getMaxParallelism());
        }
        operator.getSlotSharingGroup().ifPresent(catcher::setSlotSharingGroup);
        catcher.setChainingStrategy(ChainingStrategy.ALWAYS);
        set(ONE_INPUT, operator, catcher);
        return catcher;
    }

    private static boolean isRows(TypeInformation<?> type) {
        return type instanceof InternalTypeInfo<?> internal && internal.toLogicalType() instanceof RowType;
    }

    // Flink builds a transformation's inputs once and for all; there is no public way to put an operator in between.
    private static Field field(Class<?> type, String name) {
        try {
            Field f = type.getDeclaredField(name);
            f.setAccessible(true);
            return f;
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("this Flink's " + type.getSimpleName() + " has no field '" + name
                    + "': the runtime was built for another Flink version", e);
        }
    }

    private static void set(Field f, Object target, Object value) {
        try {
            f.set(target, value);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<?, ?> predecessorsCache(Transformation<?> t) {
        try {
            return (Map<?, ?>) PREDECESSORS.get(t);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }
}
