package dev.tributary.runtime.ingest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;

/**
 * The bearer tokens an endpoint accepts, one per line of a mounted Secret key, read again when Kubernetes updates
 * the file (so a token is rotated by adding the new line, moving the clients, then removing the old line). Only
 * SHA-256 digests are kept; a presented token is compared with every digest in constant time, so neither timing nor
 * length tells how close a guess was. Tokens are never logged or echoed.
 */
final class BearerTokens {

    enum Verdict { ACCEPTED, MISSING, WRONG }

    private static final long RECHECK_NANOS = 10_000_000_000L;

    private final Path file;
    private volatile List<byte[]> digests;
    private volatile FileTime readAt;
    private volatile long checkedAt;

    private BearerTokens(Path file) {
        this.file = file;
        reload();
    }

    static BearerTokens from(Path file) {
        return new BearerTokens(file);
    }

    Verdict check(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Verdict.MISSING;
        }
        byte[] presented = sha256(authorization.substring(7).trim());
        refreshIfChanged();
        boolean match = false;
        for (byte[] digest : digests) {
            match |= MessageDigest.isEqual(digest, presented);
        }
        return match ? Verdict.ACCEPTED : Verdict.WRONG;
    }

    private void refreshIfChanged() {
        long now = System.nanoTime();
        if (now - checkedAt < RECHECK_NANOS) {
            return;
        }
        checkedAt = now;
        try {
            if (!Files.getLastModifiedTime(file).equals(readAt)) {
                reload();
            }
        } catch (IOException | UncheckedIOException e) {
            // keep the tokens last read: a Secret being swapped by the kubelet is briefly absent
        }
    }

    private synchronized void reload() {
        try {
            FileTime modified = Files.getLastModifiedTime(file);
            List<byte[]> read = new ArrayList<>();
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (!line.isBlank()) {
                    read.add(sha256(line.trim()));
                }
            }
            if (read.isEmpty()) {
                throw new IllegalStateException("the token file " + file + " holds no token: put one token per line"
                        + " in the Secret key that spec.ingest.http.auth.secretRef names");
            }
            digests = List.copyOf(read);
            readAt = modified;
            checkedAt = System.nanoTime();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the token file " + file + ": mount the Secret key that"
                    + " spec.ingest.http.auth.secretRef names", e);
        }
    }

    private static byte[] sha256(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
