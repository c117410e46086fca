package dev.tributary.operator.pipeline;

import java.time.Clock;
import java.util.List;

/** What tests that wire the operator by hand need from this package. */
public final class PipelineTesting {

    private PipelineTesting() {
    }

    /** SQL checks whose planner accepts every Pipeline, planning on the calling thread. */
    public static PipelineSqlChecks acceptingSql(Clock clock) {
        return new PipelineSqlChecks((pipeline, sources, sinks) -> List.of(), Runnable::run, clock);
    }
}
