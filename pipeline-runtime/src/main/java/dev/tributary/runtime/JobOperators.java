package dev.tributary.runtime;

import dev.tributary.api.plan.PipelinePlan;
import dev.tributary.sqlcheck.upgrade.JobOperator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.runtime.jobgraph.OperatorID;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamGraph;
import org.apache.flink.streaming.api.graph.StreamGraphHasherV2;
import org.apache.flink.streaming.api.graph.StreamNode;

/**
 * The operators of a plan's job as a savepoint knows them: the job is built exactly as {@link PipelineRunner} builds
 * it (same settings, same tables, same SQL; nothing submitted, no broker asked), and each operator gets the id Flink
 * derives for it ({@link StreamGraphHasherV2}: from its uid where the runtime sets one, sources and sinks, otherwise
 * from its place in the graph), as Flink does when it maps a savepoint's state onto a job.
 */
public final class JobOperators {

    private static final Pattern EXEC_NODE_ID = Pattern.compile("^\\[\\d+]:|\\[\\d+]$");
    private static final Pattern ANONYMOUS_NUMBER = Pattern.compile("\\$\\d+\\*");
    private static final Pattern SELECT = Pattern.compile("select=\\[(.*?)](, |\\)$)");
    private static final Pattern ALIAS = Pattern.compile("\\s+AS\\s+[`\\w$]+");
    private static final Pattern FUNCTION = Pattern.compile("(\\w+)\\((.*)\\)");

    private JobOperators() {
    }

    public static List<JobOperator> of(PipelinePlan plan) {
        Secrets secrets = Secrets.placeholders();
        RuntimeOptions options = RuntimeOptions.forPlan(Path.of(dev.tributary.api.plan.PlanCodec.CONFIG_MAP_KEY));
        Configuration conf = JobSettings.of(plan, options, secrets);
        StreamExecutionEnvironment env = new StreamExecutionEnvironment(conf);
        Properties kafka = KafkaClientProperties.of(plan.kafka(), secrets);
        PipelineJob.build(plan, env, kafka, secrets, options.maxRecordBytes(), Duration.ofMinutes(15),
                RuntimeOptions.DEFAULT_MAX_RECORD_BYTES, Map.of());
        StreamGraph graph = env.getStreamGraph();
        Map<Integer, byte[]> hashes = new StreamGraphHasherV2().traverseStreamGraphAndGenerateHashes(graph);
        List<JobOperator> operators = new ArrayList<>();
        for (StreamNode node : graph.getStreamNodes()) {
            String id = new OperatorID(hashes.get(node.getId())).toHexString();
            String name = stable(node.getOperatorName());
            String description = stable(String.valueOf(node.getOperatorDescription()));
            boolean keyed = node.getStatePartitioners() != null && node.getStatePartitioners().length > 0;
            boolean stateful = keyed || node.getTransformationUID() != null;
            // set on every transformation from pipeline.max-parallelism (the planner pins some to 1)
            int keyGroups = keyed ? node.getMaxParallelism() : 0;
            operators.add(new JobOperator(id, name, description, stateful, stateful ? shape(node, description) : "",
                    keyGroups));
        }
        operators.sort(java.util.Comparator.comparing(JobOperator::id));
        return operators;
    }

    /** Without the numbers the planner counts up per JVM (exec node ids, anonymous tables): not part of the id. */
    private static String stable(String text) {
        return ANONYMOUS_NUMBER.matcher(withoutExecNodeId(text)).replaceAll("*");
    }

    /** A planner operator's name or description without its exec node id: {@code [4]:Calc(…)} is {@code Calc(…)}. */
    public static String withoutExecNodeId(String text) {
        return EXEC_NODE_ID.matcher(text).replaceAll("");
    }

    /**
     * What the operator's state serializers are made from. For an operator with a uid (the runtime's sources and
     * sinks), the uid. For a keyed SQL operator, its key, input and output types (as Flink's serializer
     * snapshots write them) and, for an aggregation, its aggregate functions ({@link #aggregateFunctions}), which
     * make the accumulators. Renaming a column changes none of them; adding an aggregate or a key column does.
     */
    static String shape(StreamNode node, String description) {
        if (node.getTransformationUID() != null) {
            // a source's offsets, a sink's transactions: connector state, whatever the rows look like
            return "uid " + node.getTransformationUID();
        }
        StringBuilder shape = new StringBuilder();
        shape.append("key ").append(digest(node.getStateKeySerializer())).append('\n');
        for (TypeSerializer<?> in : node.getTypeSerializersIn()) {
            shape.append("in ").append(digest(in)).append('\n');
        }
        shape.append("out ").append(digest(node.getTypeSerializerOut())).append('\n');
        Matcher select = SELECT.matcher(description);
        if (description.contains("Aggregate") && select.find()) {
            shape.append("calls ").append(String.join(", ", aggregateFunctions(select.group(1)))).append('\n');
        }
        return shape.toString();
    }

    /**
     * An aggregation's select list as what makes its accumulators: each aggregate function's name, with DISTINCT
     * (which adds a map of seen values); not its arguments or alias, whose types the input and output types carry
     * (COUNT(*) and COUNT(id) keep the same BIGINT count). Plain columns (the group keys, their types in the key)
     * are {@code _}.
     */
    static List<String> aggregateFunctions(String selectList) {
        List<String> functions = new ArrayList<>();
        int depth = 0;
        StringBuilder item = new StringBuilder();
        for (char c : (selectList + ",").toCharArray()) {
            depth += c == '(' ? 1 : c == ')' ? -1 : 0;
            if (c == ',' && depth == 0) {
                String call = ALIAS.matcher(item.toString().strip()).replaceAll("");
                Matcher function = FUNCTION.matcher(call);
                boolean distinct = function.matches()
                        && function.group(2).toLowerCase(java.util.Locale.ROOT).contains("distinct");
                functions.add(!function.matches() ? "_" : function.group(1) + (distinct ? " DISTINCT" : ""));
                item.setLength(0);
            } else {
                item.append(c);
            }
        }
        return functions;
    }

    private static String digest(TypeSerializer<?> serializer) {
        if (serializer == null) {
            return "-";
        }
        try {
            DataOutputSerializer out = new DataOutputSerializer(256);
            TypeSerializerSnapshot.writeVersionedSnapshot(out, serializer.snapshotConfiguration());
            byte[] sha = MessageDigest.getInstance("SHA-256").digest(out.getCopyOfBuffer());
            return HexFormat.of().formatHex(sha, 0, 8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
