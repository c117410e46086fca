package dev.tributary.operator.pipeline.build;

import dev.tributary.api.v1alpha1.Pipeline;
import java.util.Map;
import java.util.TreeMap;

/**
 * The {@code app.kubernetes.io/*} labels of a Pipeline's children. Selectors use only the labels that never change
 * for the life of a Pipeline (name, instance, component): a Deployment's selector cannot change after creation, and
 * the plan hash, which does change, lives in an annotation.
 */
public final class PipelineLabels {

    public static final String NAME = "app.kubernetes.io/name";
    public static final String INSTANCE = "app.kubernetes.io/instance";
    public static final String COMPONENT = "app.kubernetes.io/component";
    public static final String MANAGED_BY = "app.kubernetes.io/managed-by";
    public static final String PART_OF = "app.kubernetes.io/part-of";

    public static final String APP = "tributary-pipeline";
    public static final String OPERATOR = "tributary-operator";
    public static final String PRODUCT = "tributary";

    public static final String JOB_MANAGER = "jobmanager";
    public static final String TASK_MANAGER = "taskmanager";

    /** The annotation on pod templates that carries the plan's hash: a new plan rolls the pods. */
    public static final String PLAN_HASH = "tributary.dev/plan-hash";

    private PipelineLabels() {
    }

    /** Selects every pod of the Pipeline. */
    public static Map<String, String> selector(Pipeline pipeline) {
        Map<String, String> labels = new TreeMap<>();
        labels.put(NAME, APP);
        labels.put(INSTANCE, PipelineNames.instance(pipeline));
        return labels;
    }

    /** Selects the Pipeline's pods of one component. */
    public static Map<String, String> selector(Pipeline pipeline, String component) {
        Map<String, String> labels = selector(pipeline);
        labels.put(COMPONENT, component);
        return labels;
    }

    /** The labels of a child that belongs to no single component (ConfigMap, volume, budget, policy). */
    public static Map<String, String> of(Pipeline pipeline) {
        return withCommon(selector(pipeline));
    }

    /** The labels of a component's objects and pods. */
    public static Map<String, String> of(Pipeline pipeline, String component) {
        return withCommon(selector(pipeline, component));
    }

    private static Map<String, String> withCommon(Map<String, String> labels) {
        labels.put(MANAGED_BY, OPERATOR);
        labels.put(PART_OF, PRODUCT);
        return labels;
    }
}
