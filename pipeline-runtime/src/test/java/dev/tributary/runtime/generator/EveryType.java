package dev.tributary.runtime.generator;

import dev.tributary.api.plan.FieldPlan;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Columns of every type a Source can declare, grouped by the formats that carry them. */
public final class EveryType {

    /** Scalars: every type CSV carries too. */
    public static final List<FieldPlan> SCALARS = List.of(new FieldPlan("b", "BOOLEAN"), new FieldPlan("t", "TINYINT"),
            new FieldPlan("s", "SMALLINT"), new FieldPlan("i", "INT"), new FieldPlan("l", "BIGINT NOT NULL"),
            new FieldPlan("f", "FLOAT"), new FieldPlan("d", "DOUBLE"), new FieldPlan("dec", "DECIMAL(10, 4)"),
            new FieldPlan("dec2", "DECIMAL(2, 2)"), new FieldPlan("dec38", "DECIMAL(38, 18)"),
            new FieldPlan("c", "CHAR(3)"), new FieldPlan("vc", "VARCHAR(2)"), new FieldPlan("str", "STRING"),
            new FieldPlan("dt", "DATE"), new FieldPlan("tm", "TIME(3)"), new FieldPlan("tm0", "TIME"),
            new FieldPlan("ts", "TIMESTAMP(3)"), new FieldPlan("ts0", "TIMESTAMP(0)"),
            new FieldPlan("bin", "BINARY(4)"), new FieldPlan("vb", "VARBINARY(3)"), new FieldPlan("by", "BYTES"));

    /** Text formats only: TIMESTAMP_LTZ, and timestamps finer than milliseconds (Flink's Avro has neither). */
    public static final List<FieldPlan> FINE_TIMES = List.of(new FieldPlan("ltz", "TIMESTAMP_LTZ(3)"),
            new FieldPlan("ts6", "TIMESTAMP(6)"),
            new FieldPlan("ts9", "TIMESTAMP(9)"), new FieldPlan("ltz6", "TIMESTAMP_LTZ(6)"),
            new FieldPlan("tm9", "TIME(9)"));

    /** Nested types, as JSON and Avro carry them (Avro: map keys are text). */
    public static final List<FieldPlan> NESTED = List.of(new FieldPlan("arr", "ARRAY<INT>"),
            new FieldPlan("rows", "ARRAY<ROW<a STRING, b DOUBLE, c TIMESTAMP(3)>>"),
            new FieldPlan("m", "MAP<STRING, BIGINT>"), new FieldPlan("mm", "MAP<STRING, ARRAY<DECIMAL(6, 2)>>"),
            new FieldPlan("ms", "MULTISET<STRING>"),
            new FieldPlan("r", "ROW<x INT, y ROW<z DATE, w DECIMAL(5, 2), v BYTES>, u ARRAY<BOOLEAN>> NOT NULL"));

    /** JSON only: map keys and multiset elements of other types than text. */
    public static final List<FieldPlan> JSON_ONLY = List.of(new FieldPlan("mi", "MAP<INT, ARRAY<STRING>>"),
            new FieldPlan("md", "MAP<DATE, ROW<a TINYINT>>"), new FieldPlan("msi", "MULTISET<BIGINT>"));

    private EveryType() {
    }

    @SafeVarargs
    public static List<FieldPlan> of(List<FieldPlan>... groups) {
        List<FieldPlan> all = new ArrayList<>();
        Arrays.stream(groups).forEach(all::addAll);
        return all;
    }
}
