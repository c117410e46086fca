package dev.tributary.operator.pipeline.observe;

import dev.tributary.api.plan.PipelinePlan;
import dev.tributary.operator.pipeline.upgrade.UpgradeJudgement;
import dev.tributary.sqlcheck.upgrade.JobOperator;
import dev.tributary.sqlcheck.upgrade.StateJudge;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.function.Function;

/**
 * What a plan change does to state, as {@code tributary diff} judges it: both jobs built as the runtime builds them
 * ({@code JobOperators}) and matched by {@link StateJudge}. Building a job costs seconds of CPU, so it happens on one
 * background thread, once per (running plan, desired plan) pair; a reconcile only looks the verdict up and asks
 * again soon while it is {@link UpgradeJudgement.Pending}.
 */
public final class PlanJudgements implements UpgradeJudgement.Judge {

    private static final int REMEMBERED = 64;

    private final Function<PipelinePlan, List<JobOperator>> operators;
    private final Executor executor;
    private final Map<String, UpgradeJudgement> verdicts = Collections.synchronizedMap(
            new LinkedHashMap<>(16, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, UpgradeJudgement> eldest) {
                    return size() > REMEMBERED;
                }
            });
    private final Set<String> inFlight = ConcurrentHashMap.newKeySet();

    /** @param operators a plan's job as a savepoint knows it (the runtime's {@code JobOperators::of}) */
    public PlanJudgements(Function<PipelinePlan, List<JobOperator>> operators, Executor executor) {
        this.operators = operators;
        this.executor = executor;
    }

    public static PlanJudgements onItsOwnThread(Function<PipelinePlan, List<JobOperator>> operators) {
        return new PlanJudgements(operators, Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "tributary-plan-judge");
            thread.setDaemon(true);
            return thread;
        }));
    }

    @Override
    public UpgradeJudgement judgement(String runningHash, PipelinePlan running, String desiredHash,
            PipelinePlan desired) {
        if (running == null) {
            return new UpgradeJudgement.NotAsked();
        }
        String key = runningHash + ">" + desiredHash;
        UpgradeJudgement known = verdicts.get(key);
        if (known != null) {
            return known;
        }
        if (inFlight.add(key)) {
            executor.execute(() -> {
                try {
                    verdicts.put(key, judge(running, desired));
                } finally {
                    inFlight.remove(key);
                }
            });
        }
        UpgradeJudgement done = verdicts.get(key); // a direct executor (tests) has finished already
        return done != null ? done : new UpgradeJudgement.Pending();
    }

    private UpgradeJudgement judge(PipelinePlan running, PipelinePlan desired) {
        try {
            return UpgradeJudgement.Judged.of(StateJudge.judge(operators.apply(running), operators.apply(desired)));
        } catch (RuntimeException | LinkageError e) {
            String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            return new UpgradeJudgement.Unavailable("the job could not be built: " + why.lines().findFirst()
                    .orElse(why));
        }
    }
}
