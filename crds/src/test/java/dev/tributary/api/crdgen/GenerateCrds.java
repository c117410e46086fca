package dev.tributary.api.crdgen;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import dev.tributary.api.v1alpha1.Dashboard;
import dev.tributary.api.v1alpha1.Pipeline;
import dev.tributary.api.v1alpha1.Sink;
import dev.tributary.api.v1alpha1.Source;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.crdv2.generator.CRDGenerator;
import io.fabric8.crdv2.generator.CRDPostProcessor;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import java.io.File;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * The one place CRDs are generated (the build runs it before the tests): Fabric8's generator, plus two things it
 * cannot do by itself — printer columns in the order the class declares them (it sorts them by JSON path, which
 * puts Age first), and the kind's description at the root of the schema, for {@code kubectl explain <kind>}.
 */
public final class GenerateCrds {

    static final List<Class<? extends HasMetadata>> KINDS = List.of(Source.class, Sink.class, Pipeline.class,
            Dashboard.class);

    private GenerateCrds() {
    }

    public static void main(String[] args) {
        File outputDir = new File(args[0]);
        if (!outputDir.isDirectory() && !outputDir.mkdirs()) {
            throw new IllegalStateException("cannot create " + outputDir);
        }
        int written = new CRDGenerator().inOutputDir(outputDir).forCRDVersions("v1")
                .withPostProcessor(new CRDPostProcessor() {
                    @Override
                    public HasMetadata process(HasMetadata crd, String crdSpecVersion) {
                        return complete((CustomResourceDefinition) crd);
                    }
                })
                .customResourceClasses(KINDS).generate();
        if (written != KINDS.size()) {
            throw new IllegalStateException("expected " + KINDS.size() + " CRDs, generated " + written);
        }
    }

    private static HasMetadata complete(CustomResourceDefinition crd) {
        Class<?> kind = KINDS.stream().filter(k -> k.getSimpleName().equals(crd.getSpec().getNames().getKind()))
                .findFirst().orElseThrow();
        List<String> declaredOrder = Arrays.stream(kind.getAnnotationsByType(AdditionalPrinterColumn.class))
                .map(AdditionalPrinterColumn::name).toList();
        for (CustomResourceDefinitionVersion version : crd.getSpec().getVersions()) {
            version.getAdditionalPrinterColumns()
                    .sort(Comparator.comparingInt((CustomResourceColumnDefinition c) -> declaredOrder.indexOf(c.getName())));
            JsonClassDescription description = kind.getAnnotation(JsonClassDescription.class);
            if (description != null) {
                version.getSchema().getOpenAPIV3Schema().setDescription(description.value());
            }
        }
        return crd;
    }
}
