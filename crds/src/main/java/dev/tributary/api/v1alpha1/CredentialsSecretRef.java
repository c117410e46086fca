package dev.tributary.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/** A Secret in the resource's namespace holding a user name and a password (or an access key and its secret). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class CredentialsSecretRef {

    public static final String DEFAULT_USERNAME_KEY = "username";
    public static final String DEFAULT_PASSWORD_KEY = "password";

    @Required
    @Size(min = 1, max = 253)
    @Pattern(ApiPatterns.OBJECT_NAME)
    @JsonPropertyDescription("Name of a Secret in the same namespace.")
    public String name;

    @Size(min = 1, max = 253)
    @Pattern("^[-._a-zA-Z0-9]+$")
    @JsonPropertyDescription("Key of the user name (or access key id) in the Secret. Defaults to username.")
    public String usernameKey;

    @Size(min = 1, max = 253)
    @Pattern("^[-._a-zA-Z0-9]+$")
    @JsonPropertyDescription("Key of the password (or secret access key) in the Secret. Defaults to password.")
    public String passwordKey;

    public CredentialsSecretRef() {
    }

    public CredentialsSecretRef(String name) {
        this.name = name;
    }

    public String usernameKeyOrDefault() {
        return usernameKey == null ? DEFAULT_USERNAME_KEY : usernameKey;
    }

    public String passwordKeyOrDefault() {
        return passwordKey == null ? DEFAULT_PASSWORD_KEY : passwordKey;
    }
}
