package dev.tributary.sqlcheck.upgrade;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.sqlcheck.upgrade.StateVerdict.Outcome;
import java.util.List;
import org.junit.jupiter.api.Test;

class StateJudgeTest {

    private static JobOperator op(String id, String name, boolean stateful, String shape) {
        return new JobOperator(id, name, name + "(...)", stateful, shape);
    }

    private static final JobOperator SOURCE = op("s1", "Source: orders", true, "uid source-orders");
    private static final JobOperator CALC = op("c1", "Calc", false, "");
    private static final JobOperator AGG = op("a1", "GroupAggregate", true, "key K\ncalls COUNT(*)");

    @Test
    void theSameIdsAndShapesKeepEverything() {
        StateVerdict verdict = StateJudge.judge(List.of(SOURCE, CALC, AGG), List.of(SOURCE, AGG));

        assertThat(verdict.operators()).extracting(OperatorFate::fate).containsExactly(StateFate.KEPT, StateFate.KEPT);
        assertThat(verdict.outcome(false)).isEqualTo(Outcome.RESTORES);
    }

    @Test
    void anIdGoneIsDroppedWhichFlinkRefusesUnlessAllowedToSkipIt() {
        JobOperator moved = op("a2", "GroupAggregate", true, "key K\ncalls COUNT(*)");

        StateVerdict verdict = StateJudge.judge(List.of(SOURCE, AGG), List.of(SOURCE, moved));

        assertThat(verdict.with(StateFate.DROPPED)).extracting(OperatorFate::id).containsExactly("a1");
        assertThat(verdict.with(StateFate.NEW)).extracting(OperatorFate::id).containsExactly("a2");
        assertThat(verdict.outcome(false)).isEqualTo(Outcome.CANNOT_RESTORE);
        assertThat(verdict.outcome(true)).isEqualTo(Outcome.STATE_LOST);
    }

    @Test
    void anotherShapeUnderTheSameIdCannotBeRestoredEvenWhenSkippingIsAllowed() {
        JobOperator wider = new JobOperator("a1", "GroupAggregate", "GroupAggregate(sum)", true,
                "key K\ncalls COUNT(*), SUM(amount)");

        StateVerdict verdict = StateJudge.judge(List.of(SOURCE, AGG), List.of(SOURCE, wider));

        assertThat(verdict.with(StateFate.INCOMPATIBLE)).singleElement().satisfies(f -> assertThat(f.why())
                .contains("Flink cannot read the old state back"));
        assertThat(verdict.outcome(true)).isEqualTo(Outcome.CANNOT_RESTORE);
    }

    @Test
    void aChangedDescriptionWithTheSameShapeIsKeptAndSaysSo() {
        JobOperator renamed = new JobOperator("a1", "GroupAggregate", "GroupAggregate(renamed)", true,
                AGG.stateShape());

        OperatorFate fate = StateJudge.judge(List.of(AGG), List.of(renamed)).operators().get(0);

        assertThat(fate.fate()).isEqualTo(StateFate.KEPT);
        assertThat(fate.why()).contains("definition changed but its state fits");
    }

    @Test
    void statelessOperatorsAreNotJudged() {
        StateVerdict verdict = StateJudge.judge(List.of(CALC), List.of(op("c2", "Calc", false, "")));

        assertThat(verdict.operators()).isEmpty();
        assertThat(verdict.outcome(false)).isEqualTo(Outcome.RESTORES);
    }

    @Test
    void keyedStateAtAnotherMaxParallelismCannotBeRestoredThoughIdAndShapeAreTheSame() {
        JobOperator at1024 = new JobOperator("a1", "GroupAggregate", "GroupAggregate(...)", true, AGG.stateShape(),
                1024);
        JobOperator at512 = new JobOperator("a1", "GroupAggregate", "GroupAggregate(...)", true, AGG.stateShape(),
                512);

        StateVerdict verdict = StateJudge.judge(List.of(SOURCE, at1024), List.of(SOURCE, at512));

        assertThat(verdict.with(StateFate.INCOMPATIBLE)).singleElement().satisfies(f -> assertThat(f.why())
                .contains("1024 key groups", "512", "pipeline.max-parallelism"));
        assertThat(verdict.outcome(true)).isEqualTo(Outcome.CANNOT_RESTORE);
        assertThat(StateJudge.judge(List.of(SOURCE, at1024), List.of(SOURCE, at1024)).outcome(false))
                .as("the same max parallelism").isEqualTo(Outcome.RESTORES);
    }

    @Test
    void anotherMaxParallelismDoesNotMatterToAJobWithoutKeyedState() {
        JobOperator source1024 = new JobOperator("s1", "Source: orders", "", true, "uid source-orders", 0);

        StateVerdict verdict = StateJudge.judge(List.of(source1024), List.of(SOURCE));

        assertThat(verdict.outcome(false)).isEqualTo(Outcome.RESTORES);
    }
}
