package dev.tributary.sqlcheck.upgrade;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Matches the stateful operators of a running job to those of its replacement the way Flink does when it restores a
 * savepoint: by operator id, then by whether the state's serializers still fit, then by whether keyed state keeps its
 * number of key groups (the job's max parallelism: Flink refuses keyed state taken at another one). Pure: both jobs come in as lists of
 * {@link JobOperator}, made by whoever can build the job graph (the pipeline runtime's {@code JobOperators}).
 */
public final class StateJudge {

    private StateJudge() {
    }

    public static StateVerdict judge(List<JobOperator> before, List<JobOperator> after) {
        Map<String, JobOperator> afterById = new LinkedHashMap<>();
        after.forEach(o -> afterById.put(o.id(), o));
        Map<String, JobOperator> beforeById = new LinkedHashMap<>();
        before.forEach(o -> beforeById.put(o.id(), o));
        List<OperatorFate> fates = new ArrayList<>();
        for (JobOperator old : before) {
            if (!old.stateful()) {
                continue;
            }
            JobOperator now = afterById.get(old.id());
            if (now == null) {
                fates.add(new OperatorFate(StateFate.DROPPED, old, null, "the new job has no operator with its id "
                        + old.id() + " (the graph before it changed, or it is gone): its state is lost"));
            } else if (!Objects.equals(old.stateShape(), now.stateShape())) {
                fates.add(new OperatorFate(StateFate.INCOMPATIBLE, old, now, "same operator id, but its state has"
                        + " another shape (key, input or aggregate functions changed): Flink cannot read the old"
                        + " state back"));
            } else if (old.keyGroups() > 0 && now.keyGroups() != old.keyGroups()) {
                fates.add(new OperatorFate(StateFate.INCOMPATIBLE, old, now, "its keyed state is split into "
                        + old.keyGroups() + " key groups, the new job's into " + now.keyGroups()
                        + " (pipeline.max-parallelism changed): Flink cannot restore keyed state into another"
                        + " number of key groups"));
            } else {
                fates.add(new OperatorFate(StateFate.KEPT, old, now, Objects.equals(old.description(),
                        now.description()) ? "unchanged" : "its definition changed but its state fits: the old state"
                        + " carries on under the new definition"));
            }
        }
        for (JobOperator now : after) {
            if (now.stateful() && !beforeById.containsKey(now.id())) {
                fates.add(new OperatorFate(StateFate.NEW, null, now, "only in the new job: starts empty"));
            }
        }
        return new StateVerdict(fates);
    }
}
