package dev.tributary.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/** Results written as rolling files to a volume or an object store, committed on checkpoints. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class FilesystemSinkSpec {

    /** How files are encoded. */
    public enum Format {
        @JsonProperty("json")
        JSON,
        @JsonProperty("csv")
        CSV,
        @JsonProperty("parquet")
        PARQUET
    }

    @Required
    @Size(min = 2, max = 2048)
    @Pattern("^((s3|s3a|gs|abfss|hdfs|file)://.+|/.+)$")
    @JsonPropertyDescription("Where files go: an absolute path (/data/out) or an object-store URI (s3://bucket/sessions/).")
    public String path;

    @JsonPropertyDescription("File format: json (default, JSON lines), csv or parquet.")
    public Format format;

    @Size(max = 32)
    @Pattern(ApiPatterns.DURATION)
    @JsonPropertyDescription("Start a new file after this long, for example 5m. Files become visible when the next"
            + " checkpoint completes. Defaults to 5m.")
    public String rollInterval;

    @JsonPropertyDescription("Secret with object-store credentials (access key id as username, secret key as password).")
    public CredentialsSecretRef credentialsSecret;
}
