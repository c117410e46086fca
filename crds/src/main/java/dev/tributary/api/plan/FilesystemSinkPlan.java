package dev.tributary.api.plan;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.tributary.api.v1alpha1.FilesystemSinkSpec;

/** A filesystem sink: path or object-store URI, file format, roll interval, and object-store credentials. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FilesystemSinkPlan(String path, FilesystemSinkSpec.Format format, long rollIntervalMs,
        SecretCredentials credentials) {
}
