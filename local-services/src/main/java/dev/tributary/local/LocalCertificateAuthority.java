package dev.tributary.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A certificate authority of its own for local TLS: a CA key and certificate, and server key stores signed by it
 * for 127.0.0.1 and localhost. Made with the JDK's {@code keytool}, so tests need nothing beyond the JDK. Each
 * instance is a different CA: a client that trusts one rejects servers signed by another.
 */
public final class LocalCertificateAuthority {

    /** The password of every key store made here (they hold throw-away keys for 127.0.0.1 only). */
    public static final String STORE_PASSWORD = "tributary-local";

    private final Path dir;
    private final Path caStore;

    private LocalCertificateAuthority(Path dir) {
        this.dir = dir;
        this.caStore = dir.resolve("ca.p12");
    }

    /** Makes a new CA under {@code dir} (created if missing), named {@code name} in its certificate. */
    public static LocalCertificateAuthority create(Path dir, String name) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir, e);
        }
        LocalCertificateAuthority ca = new LocalCertificateAuthority(dir);
        ca.keytool("-genkeypair", "-alias", "ca", "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", "CN=" + name, "-validity", "30", "-ext", "bc:c",
                "-keystore", ca.caStore.toString(), "-storetype", "PKCS12", "-storepass", STORE_PASSWORD);
        return ca;
    }

    /** The CA's certificate in PEM form: what a client trusts. */
    public String certificatePem() {
        return keytool("-exportcert", "-rfc", "-alias", "ca", "-keystore", caStore.toString(),
                "-storepass", STORE_PASSWORD);
    }

    /**
     * A PKCS#12 key store holding a server key and its certificate chain (signed by this CA, valid for 127.0.0.1
     * and localhost), under alias {@code server} and password {@link #STORE_PASSWORD}.
     */
    public Path serverKeyStore(String name) {
        Path store = dir.resolve(name + ".p12");
        Path request = dir.resolve(name + ".csr");
        Path signed = dir.resolve(name + ".crt");
        Path caPem = dir.resolve("ca.pem");
        try {
            Files.deleteIfExists(store);
            Files.writeString(caPem, certificatePem(), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String[] storeArgs = {"-keystore", store.toString(), "-storetype", "PKCS12", "-storepass", STORE_PASSWORD};
        keytool(concat(new String[] {"-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", "CN=" + name, "-validity", "30"}, storeArgs));
        keytool(concat(new String[] {"-certreq", "-alias", "server", "-file", request.toString()}, storeArgs));
        keytool("-gencert", "-alias", "ca", "-keystore", caStore.toString(), "-storepass", STORE_PASSWORD,
                "-infile", request.toString(), "-outfile", signed.toString(), "-rfc", "-validity", "30",
                "-ext", "san=ip:127.0.0.1,dns:localhost", "-ext", "eku=serverAuth");
        keytool(concat(new String[] {"-importcert", "-noprompt", "-alias", "ca", "-file", caPem.toString()},
                storeArgs));
        keytool(concat(new String[] {"-importcert", "-noprompt", "-alias", "server", "-file", signed.toString()},
                storeArgs));
        return store;
    }

    private static String[] concat(String[] a, String[] b) {
        String[] all = new String[a.length + b.length];
        System.arraycopy(a, 0, all, 0, a.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }

    private String keytool(String... args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            byte[] out = process.getInputStream().readAllBytes();
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException("keytool " + args[0] + " failed: "
                        + new String(out, StandardCharsets.UTF_8).strip());
            }
            return new String(out, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run keytool", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running keytool", e);
        }
    }
}
