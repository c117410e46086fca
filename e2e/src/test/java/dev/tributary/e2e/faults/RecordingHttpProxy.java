package dev.tributary.e2e.faults;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.internal.SSLUtils;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLSocketFactory;

/**
 * An HTTP/1.1 proxy between the operator and a server it writes to (the kube-apiserver, a Flink REST endpoint):
 * plain HTTP towards the operator, plain or TLS towards the server. Every mutating request (POST, PUT, PATCH,
 * DELETE) is an action recorded in {@link CrashPoints}; the armed one's response trips the kill instead of being
 * forwarded. Bodies are forwarded by Content-Length or chunk by chunk; a WebSocket upgrade (a watch) becomes a
 * plain byte pipe. Responses are never parsed: the operator's clients do not pipeline, so the first bytes that
 * come back after a request are its response.
 */
public final class RecordingHttpProxy implements AutoCloseable {

    private static final Set<String> MUTATING = Set.of("POST", "PUT", "PATCH", "DELETE");
    private static final byte[] UNAVAILABLE = ("HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/json\r\n"
            + "Content-Length: 2\r\n\r\n{}").getBytes(StandardCharsets.ISO_8859_1);

    private final String name;
    private final String host;
    private final int targetPort;
    private final SSLSocketFactory tls;
    private final CrashPoints points;
    private final ServerSocket server;
    private final Map<String, AtomicInteger> refusals = new ConcurrentHashMap<>();

    public RecordingHttpProxy(String name, String host, int targetPort, SSLSocketFactory tls, CrashPoints points) {
        this.name = name;
        this.host = host;
        this.targetPort = targetPort;
        this.tls = tls;
        this.points = points;
        try {
            server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        daemon(this::acceptLoop, name + "-accept");
    }

    /** A proxy in front of the API server a kubeconfig names, reaching it with that kubeconfig's credentials. */
    public static RecordingHttpProxy inFrontOfApiServer(Path kubeconfig, CrashPoints points) {
        try {
            Config direct = Config.fromKubeconfig(Files.readString(kubeconfig));
            URI server = URI.create(direct.getMasterUrl());
            return new RecordingHttpProxy("kube", server.getHost(), server.getPort(),
                    SSLUtils.sslContext(direct).getSocketFactory(), points);
        } catch (Exception e) {
            throw new IllegalStateException("cannot reach the API server of " + kubeconfig, e);
        }
    }

    /** Writes a kubeconfig that sends a client (the operator) through this proxy, without credentials of its own. */
    public Path writeKubeconfig(Path file) {
        try {
            return Files.writeString(file, """
                    apiVersion: v1
                    kind: Config
                    clusters: [{name: recorded, cluster: {server: "http://127.0.0.1:%d"}}]
                    users: [{name: operator, user: {}}]
                    contexts: [{name: recorded, context: {cluster: recorded, user: operator}}]
                    current-context: recorded
                    """.formatted(port()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public int port() {
        return server.getLocalPort();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                daemon(() -> serve(client), name + "-conn");
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket client) {
        try (client; Socket upstream = tls == null ? new Socket(host, targetPort) : tls.createSocket(host, targetPort)) {
            AtomicBoolean killOnResponse = new AtomicBoolean();
            Thread down = daemon(() -> responses(upstream, client, killOnResponse), name + "-down");
            requests(new BufferedInputStream(client.getInputStream()),
                    new BufferedOutputStream(upstream.getOutputStream()), client.getOutputStream(), killOnResponse);
            down.join();
        } catch (IOException | InterruptedException e) {
            // the operator or the server hung up
        }
    }

    private void responses(Socket upstream, Socket client, AtomicBoolean killOnResponse) {
        byte[] buffer = new byte[16384];
        try {
            InputStream in = upstream.getInputStream();
            OutputStream out = client.getOutputStream();
            int n;
            while ((n = in.read(buffer)) >= 0) {
                if (killOnResponse.getAndSet(false) && points.trip()) {
                    // and nothing more of this response: the test may reset the points as soon as the kill ran,
                    // and a second chunk must not trip them again (with no kill armed, stalling the next operator)
                    break;
                }
                if (points.tripped()) {
                    break;
                }
                out.write(buffer, 0, n);
                out.flush();
            }
        } catch (IOException e) {
            // closed
        } finally {
            closeQuietly(client);
            closeQuietly(upstream);
        }
    }

    /**
     * Answers the next {@code times} GETs whose path and query start with {@code prefix} with 503 instead of
     * forwarding them, as an overloaded or restarting API server does.
     */
    public void refuse(String prefix, int times) {
        refusals.put(prefix, new AtomicInteger(times));
    }

    public int refusalsLeft() {
        return refusals.values().stream().mapToInt(AtomicInteger::get).sum();
    }

    private boolean refuse(String method, String target) {
        return method.equals("GET") && refusals.entrySet().stream().anyMatch(r -> target.startsWith(r.getKey())
                && r.getValue().getAndUpdate(n -> Math.max(0, n - 1)) > 0);
    }

    private void requests(InputStream in, OutputStream out, OutputStream refused, AtomicBoolean killOnResponse)
            throws IOException {
        while (true) {
            byte[] head = readHead(in);
            if (head == null || points.tripped()) {
                return;
            }
            String text = new String(head, StandardCharsets.ISO_8859_1);
            String[] requestLine = text.substring(0, text.indexOf("\r\n")).split(" ");
            String method = requestLine[0];
            String path = requestLine.length > 1 ? requestLine[1].replaceAll("\\?.*", "") : "";
            if (refuse(method, requestLine.length > 1 ? requestLine[1] : "")) {
                copyExactly(in, OutputStream.nullOutputStream(), contentLength(text.toLowerCase(Locale.ROOT)));
                refused.write(UNAVAILABLE);
                refused.flush();
                continue;
            }
            if (MUTATING.contains(method) && points.record(name + " " + method + " " + path)) {
                killOnResponse.set(true);
            }
            out.write(head);
            out.flush();
            String headers = text.toLowerCase(Locale.ROOT);
            if (headers.contains("\r\nupgrade: websocket")) {
                pipe(in, out);
                return;
            }
            if (headers.contains("\r\ntransfer-encoding: chunked")) {
                copyChunked(in, out);
            } else {
                copyExactly(in, out, contentLength(headers));
            }
            out.flush();
        }
    }

    private static void pipe(InputStream in, OutputStream out) throws IOException {
        byte[] buffer = new byte[16384];
        int n;
        while ((n = in.read(buffer)) >= 0) {
            out.write(buffer, 0, n);
            out.flush();
        }
    }

    private static long contentLength(String headers) {
        int at = headers.indexOf("\r\ncontent-length:");
        if (at < 0) {
            return 0;
        }
        int end = headers.indexOf("\r\n", at + 2);
        return Long.parseLong(headers.substring(at + "\r\ncontent-length:".length(), end).trim());
    }

    private static void copyChunked(InputStream in, OutputStream out) throws IOException {
        while (true) {
            String sizeLine = readLine(in, out);
            long size = Long.parseLong(sizeLine.split(";")[0].trim(), 16);
            if (size == 0) {
                while (!readLine(in, out).isEmpty()) {
                    // trailers
                }
                return;
            }
            copyExactly(in, out, size);
            readLine(in, out);
        }
    }

    /** Reads one CRLF-terminated line, forwarding it, and returns it without the CRLF. */
    private static String readLine(InputStream in, OutputStream out) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int previous = -1;
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed in a chunked body");
            }
            out.write(b);
            if (previous == '\r' && b == '\n') {
                byte[] bytes = line.toByteArray();
                return new String(bytes, 0, bytes.length - 1, StandardCharsets.ISO_8859_1);
            }
            line.write(b);
            previous = b;
        }
    }

    private static void copyExactly(InputStream in, OutputStream out, long length) throws IOException {
        byte[] buffer = new byte[16384];
        long left = length;
        while (left > 0) {
            int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
            if (n < 0) {
                throw new IOException("connection closed in a body");
            }
            out.write(buffer, 0, n);
            left -= n;
        }
    }

    /** The request line and headers up to and including the blank line, or null at the end of the stream. */
    private static byte[] readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                return null;
            }
            head.write(b);
            matched = (b == (matched % 2 == 0 ? '\r' : '\n')) ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        return head.toByteArray();
    }

    static Thread daemon(Runnable body, String name) {
        Thread thread = new Thread(body, name);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // already closed
        }
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException e) {
            // already closed
        }
    }
}
