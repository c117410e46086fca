package dev.tributary.runtime.deadletter;

import org.apache.flink.api.common.functions.MapFunction;

/** Cuts each dead letter to fit the dead-letter topic ({@link DeadLetterFit}) on its way to the producer. */
public final class FitDeadLetters implements MapFunction<DeadLetter, DeadLetter> {

    private static final long serialVersionUID = 1L;

    private final DeadLetterFit fit;

    public FitDeadLetters(DeadLetterFit fit) {
        this.fit = fit;
    }

    @Override
    public DeadLetter map(DeadLetter d) {
        fit.fit(d);
        return d;
    }
}
