package dev.tributary.bench.flink;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The default build's smoke test of B1: every workload plans, in Flink's planner, as a job an append-only Kafka sink
 * takes (a query that produced updates would fail here, not after minutes of benchmark). Nothing is connected to.
 */
class WorkloadsPlanTest {

    @Test
    void everyWorkloadPlansIntoAnAppendOnlyKafkaSink() {
        FlinkSqlSide side = new FlinkSqlSide("127.0.0.1:9", FlinkSqlBenchmark.PARALLELISM, false, 600_000);
        for (Workload w : Workload.ALL) {
            String plan = side.prepare(w, "out", "plan-test").explainSql("INSERT INTO `out` " + w.select());
            assertThat(plan).as(w.name()).contains("Sink(table=[default_catalog.default_database.out]");
        }
    }

    @Test
    void workloadsAreChosenByName() {
        assertThat(Workload.selected("pass-through,q7-highest-bid")).extracting(Workload::name)
                .containsExactly("pass-through", "q7 highest bid");
        assertThat(Workload.selected("all")).hasSize(Workload.ALL.size());
    }
}
