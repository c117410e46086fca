package dev.tributary.operator.pipeline.build;

import java.util.List;

/**
 * What the operator's configuration adds to a Pipeline when it becomes pods: the runtime image used when the
 * Pipeline names none, the service account of its pods (none: the namespace's default, without a token), the
 * namespace the operator runs in (it reaches the Flink REST API and scrapes metrics), and further namespaces that
 * may scrape metrics (a Prometheus elsewhere).
 */
public record PipelineDeploymentSettings(String defaultImage, String serviceAccountName, String operatorNamespace,
        List<String> metricsNamespaces) {

    public static final String DEFAULT_IMAGE = "ghcr.io/tributary-dev/tributary-pipeline-runtime:latest";
    public static final String DEFAULT_OPERATOR_NAMESPACE = "tributary-system";

    public PipelineDeploymentSettings {
        if (defaultImage == null || defaultImage.isBlank()) {
            throw new IllegalArgumentException("a default runtime image is required");
        }
        if (operatorNamespace == null || operatorNamespace.isBlank()) {
            throw new IllegalArgumentException("the operator's namespace is required");
        }
        metricsNamespaces = metricsNamespaces == null ? List.of() : metricsNamespaces.stream().sorted().distinct().toList();
    }

    public static PipelineDeploymentSettings defaults() {
        return new PipelineDeploymentSettings(DEFAULT_IMAGE, null, DEFAULT_OPERATOR_NAMESPACE, List.of());
    }

    /** The image the Pipeline's pods run: its own, else the default. */
    public String imageOf(dev.tributary.api.v1alpha1.Pipeline pipeline) {
        String image = pipeline.getSpec().image;
        return image == null || image.isBlank() ? defaultImage : image;
    }
}
