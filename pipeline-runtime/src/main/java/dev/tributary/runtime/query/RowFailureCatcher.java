package dev.tributary.runtime.query;

import dev.tributary.runtime.Metrics;
import dev.tributary.runtime.deadletter.DeadLetter;
import dev.tributary.runtime.deadletter.DeadLetterCounters;
import dev.tributary.runtime.deadletter.DeadLetterFit;
import dev.tributary.runtime.deadletter.DeadLetterKind;
import dev.tributary.runtime.deadletter.RowJson;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.flink.api.common.serialization.SerializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.types.logical.RowType;
import org.apache.flink.util.OutputTag;

/**
 * Sits, chained, in front of an operator of the query that runs after a shuffle, where the source's own catch
 * ({@code DecodingDeserializer}) cannot reach: it hands each row on, and when the row itself makes the query fail
 * ({@link RowErrors}: a {@code CAST} of a string that is no number, a division by zero, a {@code NOT NULL} key
 * given a null) the row becomes a dead letter of kind {@code query} on the {@link #DEAD_LETTERS} side output —
 * the row as JSON, its kind ({@code +I}, {@code -U}, {@code +U}, {@code -D}), the operator and why — instead of
 * failing the job, which would restore, get the row again and fail again, for good. Any other failure (a sink
 * writer's, a cancellation) still fails the job.
 */
public final class RowFailureCatcher extends AbstractStreamOperator<RowData>
        implements OneInputStreamOperator<RowData, RowData> {

    private static final long serialVersionUID = 1L;
    static final int MAX_OPERATOR_CHARS = 500;

    public static final OutputTag<DeadLetter> DEAD_LETTERS = new OutputTag<>("query-dead-letters",
            TypeInformation.of(DeadLetter.class));

    private final String stage;
    private final String operator;
    private final RowType rowType;
    private final DeadLetterFit fit;
    /** Null when the row holds a type JSON cannot write (a MAP with non-string keys, a MULTISET, RAW). */
    private transient SerializationSchema<RowData> json;
    private transient DeadLetterCounters deadLetters;
    private transient Counter deadLettersCut;

    /**
     * @param stage what the guarded operator is, in a word ({@code Calc}): the metrics' {@code query} label
     * @param operator the guarded operator as the plan describes it, for the dead letter
     * @param rowType the rows this operator hands on
     */
    public RowFailureCatcher(String stage, String operator, RowType rowType, DeadLetterFit fit) {
        this.stage = stage;
        this.operator = operator.length() <= MAX_OPERATOR_CHARS ? operator
                : operator.substring(0, MAX_OPERATOR_CHARS) + "...";
        this.rowType = rowType;
        this.fit = fit;
    }

    @Override
    public void open() throws Exception {
        super.open();
        try {
            json = RowJson.of(rowType);
            json.open(null);
        } catch (Exception | LinkageError e) {
            json = null;
            LOG.warn("{}: its rows cannot be written as JSON ({}); a dead letter's value is Flink's text of the row",
                    operator, e.toString());
        }
        MetricGroup group = Metrics.queryGroup(getMetricGroup(), stage);
        deadLetters = DeadLetterCounters.register(group, List.of(DeadLetterKind.QUERY));
        deadLettersCut = group.counter(Metrics.DEAD_LETTERS_TRUNCATED);
    }

    @Override
    public void processElement(StreamRecord<RowData> element) throws Exception {
        try {
            output.collect(element);
        } catch (Exception e) {
            RowErrors.RowError rowError = RowErrors.of(e).orElseThrow(() -> e);
            DeadLetter d = deadLetter(element.getValue(), rowError.describe("the row"));
            deadLetters.inc(d.kind);
            if (fit.fit(d)) {
                deadLettersCut.inc();
            }
            output.collect(DEAD_LETTERS, element.hasTimestamp() ? new StreamRecord<>(d, element.getTimestamp())
                    : new StreamRecord<>(d));
        }
    }

    private byte[] value(RowData row) {
        if (json != null) {
            try {
                return json.serialize(row);
            } catch (RuntimeException e) {
                // the row's failure is what the dead letter is about; its text still says what the row held
            }
        }
        return String.valueOf(row).getBytes(StandardCharsets.UTF_8);
    }

    private DeadLetter deadLetter(RowData row, String error) {
        DeadLetter d = new DeadLetter();
        d.kind = DeadLetterKind.QUERY;
        d.operator = operator;
        d.rowKind = row.getRowKind().shortString();
        d.error = DeadLetter.errorText(error);
        d.value = value(row);
        d.partition = -1;
        d.offset = -1;
        d.timestamp = -1;
        return d;
    }
}
