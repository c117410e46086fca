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

    @Size(min = 8, max = 2048)
    @Pattern("^https?://[^/?#]+/?$")
    @JsonPropertyDescription("Endpoint of an S3-compatible store (MinIO, Ceph, s3proxy, another cloud's S3 API), for"
            + " example http://minio.storage:9000. Leave it out for AWS S3, which is found from the bucket's region.")
    public String endpoint;

    @JsonPropertyDescription("Address buckets as a path (endpoint/bucket/key) instead of a host name"
            + " (bucket.endpoint/key). Most S3-compatible stores need true; AWS S3 needs false (the default).")
    public Boolean pathStyleAccess;
}
