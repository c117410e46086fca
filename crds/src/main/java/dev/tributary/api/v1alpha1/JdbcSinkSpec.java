package dev.tributary.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;

/** Results written to a database table over JDBC (PostgreSQL). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class JdbcSinkSpec {

    @Required
    @Size(min = 1, max = 2048)
    @Pattern("^jdbc:postgresql://.+$")
    @ValidationRule(value = "!self.lowerAscii().contains('password=')",
            message = "the url must not carry a password: put the credentials in a Secret and name it in credentialsSecret")
    @JsonPropertyDescription("JDBC url of the database, for example jdbc:postgresql://db.shop:5432/analytics."
            + " Credentials do not belong here: use credentialsSecret.")
    public String url;

    @Required
    @Size(min = 1, max = 255)
    @Pattern("^[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)?$")
    @JsonPropertyDescription("Table to write, optionally schema-qualified (analytics.sessions). It must exist.")
    public String table;

    @JsonPropertyDescription("Secret with the database user name and password.")
    public CredentialsSecretRef credentialsSecret;

    @Size(max = 32)
    @JsonPropertyDescription("Primary-key columns. Set: rows are upserted on this key, which makes replays after a"
            + " restart idempotent and is required for exactly-once. Unset: rows are appended.")
    public List<@Size(min = 1, max = 128) @Pattern(ApiPatterns.COLUMN_NAME) String> upsertKey;

    @Size(max = 32)
    @Pattern(ApiPatterns.DURATION)
    @JsonPropertyDescription("Longest time rows wait in a batch before being written, for example 1s. Defaults to 1s.")
    public String flushInterval;

    @Min(1)
    @Max(100000)
    @JsonPropertyDescription("Largest number of rows written in one batch. Defaults to 500.")
    public Integer batchSize;
}
