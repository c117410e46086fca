package dev.tributary.runtime;

import dev.tributary.api.plan.SecretCredentials;
import dev.tributary.api.plan.SecretKeyPlan;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Secret values, read from the Secrets Kubernetes mounts at {@code <dir>/<secretName>/<key>}; the plan only names
 * them. {@code dir} is {@code $TRIBUTARY_SECRETS_DIR}, by default {@code /etc/tributary/secrets}.
 */
public final class Secrets {

    public static final String ENV = "TRIBUTARY_SECRETS_DIR";
    public static final String DEFAULT_DIR = "/etc/tributary/secrets";

    private final Path dir;

    public Secrets(Path dir) {
        this.dir = dir;
    }

    /**
     * Secrets that are not there: every value reads as {@code <secretName/key>}. For building a job to look at its
     * graph ({@link JobOperators}), never for running one.
     */
    public static Secrets placeholders() {
        return new Secrets(null);
    }

    public static Secrets fromEnvironment(Map<String, String> env) {
        String dir = env.get(ENV);
        return new Secrets(Path.of(dir == null || dir.isBlank() ? DEFAULT_DIR : dir));
    }

    public Path dir() {
        return dir;
    }

    public Path path(String secretName, String key) {
        return dir == null ? Path.of(secretName, key) : dir.resolve(secretName).resolve(key);
    }

    /** The value, without a trailing line break (a common accident when a Secret is made from a file). */
    public String read(String secretName, String key) {
        if (dir == null) {
            return "<" + secretName + "/" + key + ">";
        }
        Path path = path(secretName, key);
        try {
            String value = Files.readString(path, StandardCharsets.UTF_8);
            int end = value.length();
            while (end > 0 && (value.charAt(end - 1) == '\n' || value.charAt(end - 1) == '\r')) {
                end--;
            }
            return value.substring(0, end);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read key '" + key + "' of Secret '" + secretName + "' at " + path
                    + ": mount the Secret there, or set " + ENV + " to where Secrets are mounted", e);
        }
    }

    public String read(SecretKeyPlan ref) {
        return read(ref.secretName(), ref.key());
    }

    public String username(SecretCredentials credentials) {
        return read(credentials.secretName(), credentials.usernameKey());
    }

    public String password(SecretCredentials credentials) {
        return read(credentials.secretName(), credentials.passwordKey());
    }
}
