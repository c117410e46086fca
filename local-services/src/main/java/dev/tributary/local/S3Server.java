package dev.tributary.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

/**
 * A real S3 server, s3proxy, on 127.0.0.1 and a free port, in a child JVM, keeping objects as files under a
 * directory the caller chooses (its filesystem blob store: an object is {@code <dir>/blobs/<bucket>/<key>}). It takes
 * AWS signatures (V2 and V4) with one access key. s3proxy ({@code org.gaul:s3proxy}) must be on the caller's class
 * path (a test dependency); it runs in its own JVM so its libraries and logging never meet the caller's. Stopped by
 * {@link #close()} and, failing that, with this JVM.
 */
public final class S3Server implements AutoCloseable {

    public static final String ACCESS_KEY = "tributary-local";
    public static final String SECRET_KEY = "tributary-local-secret";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private final ChildProcess process;
    private final Path blobs;
    private final int port;

    private S3Server(ChildProcess process, Path blobs, int port) {
        this.process = process;
        this.blobs = blobs;
        this.port = port;
    }

    /** Starts a server with its objects under {@code dir/blobs} and its log in {@code dir/s3proxy.log}. */
    public static S3Server start(Path dir) {
        Path root = dir.toAbsolutePath();
        Path blobs = root.resolve("blobs");
        int port = FreePorts.next();
        Path properties = root.resolve("s3proxy.properties");
        try {
            Files.createDirectories(blobs);
            Files.writeString(properties, String.join("\n",
                    "s3proxy.endpoint=http://127.0.0.1:" + port,
                    "s3proxy.authorization=aws-v2-or-v4",
                    "s3proxy.identity=" + ACCESS_KEY,
                    "s3proxy.credential=" + SECRET_KEY,
                    "jclouds.provider=filesystem",
                    "jclouds.filesystem.basedir=" + blobs) + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare s3proxy in " + root, e);
        }
        // s3proxy turns System.err into a logger: slf4j-simple, which writes to System.err, would call itself.
        ChildProcess process = ChildJvm.start("org.gaul.s3proxy.Main", List.of("-Xmx256m", "-XX:+UseSerialGC",
                "-Dorg.slf4j.simpleLogger.logFile=System.out"),
                List.of("--properties", properties.toString()), root, root.resolve("s3proxy.log"));
        S3Server server = new S3Server(process, blobs, port);
        server.awaitListening();
        return server;
    }

    /** The endpoint URL clients use, with path-style addressing. */
    public String endpoint() {
        return "http://127.0.0.1:" + port;
    }

    public String accessKey() {
        return ACCESS_KEY;
    }

    public String secretKey() {
        return SECRET_KEY;
    }

    /** Creates a bucket (in the filesystem store, a bucket is a folder). */
    public void createBucket(String bucket) {
        try {
            Files.createDirectories(blobs.resolve(bucket));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create bucket " + bucket, e);
        }
    }

    /** The keys of every object in {@code bucket} below {@code prefix}, as stored by the server, sorted. */
    public List<String> keys(String bucket, String prefix) {
        Path root = blobs.resolve(bucket);
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(Files::isRegularFile).map(f -> root.relativize(f).toString().replace('\\', '/'))
                    .filter(key -> key.startsWith(prefix)).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list bucket " + bucket, e);
        }
    }

    public Path log() {
        return process.log();
    }

    private void awaitListening() {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("s3proxy exited with " + process.awaitExit(Duration.ZERO).orElse(-1)
                        + " (is org.gaul:s3proxy on the class path?); see " + process.log());
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                sleep();
            }
        }
        process.kill();
        throw new IllegalStateException("s3proxy did not listen on " + port + " within " + START_TIMEOUT + "; see "
                + process.log());
    }

    private static void sleep() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while s3proxy started", e);
        }
    }

    @Override
    public void close() {
        process.kill();
    }
}
