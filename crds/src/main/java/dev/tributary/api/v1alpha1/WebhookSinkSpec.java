package dev.tributary.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/** Results sent as HTTP POSTs, one JSON record per request: for alerts. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class WebhookSinkSpec {

    /** A query parameter that carries a credential: token, key, secret, password, signature and their spellings. */
    public static final String SECRET_QUERY = "(?i)[?&]([^=&#]*(token|secret|passw|signature|api_?key|api-key"
            + "|apikey|credential|access_?key|private_?key)[^=&#]*|key|sig|auth|authorization|pwd|pass)=";

    @Required
    @Size(min = 8, max = 2048)
    @Pattern("^https?://[^\\s]+$")
    @ValidationRule(value = "!self.matches('^https?://[^/@]*@')",
            message = "the url must not carry credentials: put the token in a Secret and name it in secretRef")
    @ValidationRule(value = "!self.matches('" + WebhookSinkSpec.SECRET_QUERY + "')",
            message = "the url's query must not carry credentials (a token, key, secret, password or signature):"
                    + " put the token in a Secret and name it in secretRef")
    @JsonPropertyDescription("The endpoint that receives one POST per record, for example https://hooks.example/alerts.")
    public String url;

    @JsonPropertyDescription("Secret key whose value is sent as the Authorization header.")
    public SecretKeyRef secretRef;

    @Min(0)
    @Max(20)
    @JsonPropertyDescription("Retries, with exponential backoff, of a request that fails or gets a 5xx or 429 answer."
            + " Defaults to 5. A record that still fails goes to the dead-letter topic.")
    public Integer maxRetries;

    @Size(max = 32)
    @Pattern(ApiPatterns.DURATION)
    @JsonPropertyDescription("Timeout of one request, for example 10s. Defaults to 10s.")
    public String timeout;
}
