package dev.tributary.e2e.cluster;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * The binaries that {@code e2e/provision/provision.sh} built or found, read from the
 * {@code toolchain.properties} it writes. Every path is absolute.
 */
public record Toolchain(
        Path file,
        String kubernetesVersion,
        Path kubeApiServer,
        Path kubeControllerManager,
        Path kubeScheduler,
        Path etcd,
        Path kwok,
        Path kubectl,
        Path helm) {

    /** System property naming the properties file; the e2e pom sets it. */
    public static final String PROPERTY = "tributary.toolchain";

    public static Toolchain load() {
        return load(location());
    }

    static Path location() {
        String configured = System.getProperty(PROPERTY);
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        String cache = System.getenv("TRIBUTARY_CACHE");
        Path dir = cache != null && !cache.isBlank()
                ? Path.of(cache)
                : Path.of(System.getProperty("user.home"), ".cache", "tributary");
        return dir.resolve("toolchain.properties");
    }

    public static Toolchain load(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException("No toolchain at " + file
                    + ": run `bash e2e/provision/provision.sh` (or `./mvnw verify -pl e2e`, which runs it) first");
        }
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(file)) {
            p.load(in);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read " + file, e);
        }
        return new Toolchain(file,
                required(p, file, "k8s.version"),
                binary(p, file, "kube-apiserver"),
                binary(p, file, "kube-controller-manager"),
                binary(p, file, "kube-scheduler"),
                binary(p, file, "etcd"),
                binary(p, file, "kwok"),
                binary(p, file, "kubectl"),
                binary(p, file, "helm"));
    }

    /**
     * A binary the toolchain file names besides the cluster's own, such as {@code argocd-lua} (the Argo CD
     * health-check runner); fails with what to run when it is missing.
     */
    public static Path binary(String key) {
        Path file = location();
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(file)) {
            p.load(in);
        } catch (IOException e) {
            throw new IllegalStateException("No toolchain at " + file
                    + ": run `bash e2e/provision/provision.sh` (or `./mvnw verify -pl e2e`, which runs it) first", e);
        }
        return binary(p, file, key);
    }

    private static String required(Properties p, Path file, String key) {
        String value = p.getProperty(key);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException(file + " has no " + key + ": re-run e2e/provision/provision.sh");
        }
        return value.trim();
    }

    private static Path binary(Properties p, Path file, String key) {
        Path path = Path.of(required(p, file, key));
        if (!Files.isExecutable(path)) {
            throw new IllegalStateException(key + " from " + file + " is not an executable file: " + path
                    + "; re-run e2e/provision/provision.sh");
        }
        return path;
    }
}
