package dev.tributary.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/** Checkpoints and savepoints kept in an object store. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ObjectStoreSpec {

    @Required
    @Size(min = 6, max = 2048)
    @Pattern("^(s3|s3a|s3p|gs|abfss|wasbs|oss|hdfs)://[^/]+(/.*)?$")
    @JsonPropertyDescription("Base URI, for example s3://bucket/checkpoints. Each Pipeline uses a folder below it.")
    public String uri;

    @JsonPropertyDescription("Secret with the access key id (as username) and secret access key (as password).")
    public CredentialsSecretRef credentialsSecret;
}
