package dev.tributary.runtime.ingest;

import dev.tributary.api.plan.IngestPlan;
import dev.tributary.runtime.KafkaClientProperties;
import dev.tributary.runtime.Secrets;
import dev.tributary.runtime.ingest.BodyRecords.Layout;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.net.PemKeyCertOptions;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The ingest endpoint of one Source: {@code POST /v1/sources/<name>/records} (JSON lines or a JSON array) and a
 * WebSocket at the same path, with bearer tokens, TLS, size limits, bounded in-flight bytes (429 beyond), slow
 * clients cut off, and Idempotency-Key replay; health and metrics on a second port. See the README for the answers.
 */
public final class IngestServer implements AutoCloseable {

    static final Pattern RECORDS_PATH = Pattern.compile("^/v1/sources/([^/]+)/records/?$");
    static final int OVERLOADED_RETRY_AFTER_SECONDS = 1;
    static final int MAX_IDEMPOTENCY_KEY_LENGTH = 255;
    /** Bytes of a refused request's body still read (and dropped) so the client can read the answer. */
    static final int DRAIN_CAP = 16 * 1024 * 1024;

    private final IngestPlan plan;
    private final IngestSettings settings;
    private final String sourceName;
    private final Vertx vertx;
    private final ExecutorService workers;
    private final KafkaWriter writer;
    private final Ingestion ingestion;
    private final InFlightBytes inFlight;
    private final IngestMetrics metrics;
    private final BearerTokens tokens;
    private final IdempotencyKeys idempotency;
    private final Map<HttpConnection, ConnectionClock> connections = new ConcurrentHashMap<>();
    private final AtomicBoolean ready = new AtomicBoolean();
    private final AtomicBoolean stopping = new AtomicBoolean();
    private HttpServer server;
    private HttpServer management;

    private IngestServer(IngestPlan plan, IngestSettings settings) {
        this.plan = plan;
        this.settings = settings;
        this.sourceName = plan.source().name();
        Secrets secrets = new Secrets(settings.secretsDir());
        this.tokens = plan.tokens() == null ? null
                : BearerTokens.from(secrets.path(plan.tokens().secretName(), plan.tokens().key()));
        this.inFlight = new InFlightBytes(plan.maxInFlightBytes());
        this.metrics = new IngestMetrics(sourceName, inFlight::held, inFlight.limit());
        AtomicInteger n = new AtomicInteger();
        this.workers = Executors.newFixedThreadPool(Math.max(2, Runtime.getRuntime().availableProcessors()), r -> {
            Thread t = new Thread(r, "ingest-worker-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.writer = new KafkaWriter(KafkaClientProperties.of(plan.kafka(), secrets), plan.source().topic(),
                plan.maxInFlightBytes());
        this.ingestion = new Ingestion(plan, writer, workers, metrics);
        this.idempotency = new IdempotencyKeys(settings.idempotencyWindow(), settings.maxIdempotencyKeys(),
                System::nanoTime);
        this.vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(Math.max(2,
                Runtime.getRuntime().availableProcessors())).setWorkerPoolSize(2));
    }

    /** Starts serving; returns once both ports listen. */
    public static IngestServer start(IngestPlan plan, IngestSettings settings) {
        IngestServer s = new IngestServer(plan, settings);
        try {
            s.listen();
        } catch (RuntimeException e) {
            s.close();
            throw e;
        }
        return s;
    }

    public int port() {
        return server.actualPort();
    }

    public int managementPort() {
        return management.actualPort();
    }

    IngestMetrics metrics() {
        return metrics;
    }

    InFlightBytes inFlight() {
        return inFlight;
    }

    private void listen() {
        HttpServerOptions options = new HttpServerOptions()
                .setHost(settings.host()).setPort(settings.port())
                .setIdleTimeout((int) settings.idleTimeout().toSeconds()).setIdleTimeoutUnit(TimeUnit.SECONDS)
                // HTTP/1.1 only: with cleartext HTTP/2 on, Vert.x holds a new connection (and does not announce it
                // to connectionHandler, where the header deadline starts) until it has told HTTP/1 from HTTP/2,
                // so a client trickling its first request was cut only by the idle timeout
                .setHttp2ClearTextEnabled(false)
                .setMaxInitialLineLength(4096).setMaxHeaderSize(16 * 1024)
                .setHandle100ContinueAutomatically(false)
                .setCompressionSupported(false).setDecompressionSupported(false)
                .setMaxWebSocketFrameSize(Math.min(64 * 1024, plan.maxRequestBytes()))
                .setMaxWebSocketMessageSize(plan.maxRequestBytes());
        if (plan.tlsSecret() != null) {
            Secrets secrets = new Secrets(settings.secretsDir());
            options.setSsl(true).setKeyCertOptions(new PemKeyCertOptions()
                    .setCertPath(secrets.path(plan.tlsSecret(), IngestPlan.TLS_CERT_KEY).toString())
                    .setKeyPath(secrets.path(plan.tlsSecret(), IngestPlan.TLS_KEY_KEY).toString()));
        }
        server = vertx.createHttpServer(options);
        server.connectionHandler(this::connected);
        server.requestHandler(this::request);
        management = vertx.createHttpServer(new HttpServerOptions().setHost(settings.host())
                .setPort(settings.managementPort()).setIdleTimeout(30));
        management.requestHandler(this::managementRequest);
        await(server.listen());
        await(management.listen());
        watchReadiness();
    }

    private void watchReadiness() {
        workers.execute(() -> {
            if (!stopping.get() && !ready.get()) {
                ready.set(writer.topicKnown());
                if (!ready.get()) {
                    vertx.setTimer(2000, id -> watchReadiness());
                }
            }
        });
    }

    // --- slow clients (slow-loris): a connection must send its first request's headers within headerTimeout of
    // connecting, each further request's headers within headerTimeout of the previous answer, and every body within
    // bodyTimeout of its headers; otherwise it is closed. Timers on the event loop: a slow client holds no thread.

    private final class ConnectionClock {
        private final HttpConnection connection;
        private long timer = -1;
        private boolean busy;

        ConnectionClock(HttpConnection connection) {
            this.connection = connection;
        }

        void awaitHeaders() {
            busy = false;
            arm(settings.headerTimeout().toMillis());
        }

        void requestStarted() {
            busy = true;
            cancel();
        }

        void awaitBody(Runnable onTimeout) {
            cancel();
            timer = vertx.setTimer(settings.bodyTimeout().toMillis(), id -> onTimeout.run());
        }

        private void arm(long millis) {
            cancel();
            timer = vertx.setTimer(millis, id -> {
                if (!busy) {
                    metrics.answered("http", IngestResponse.refused(408, "slow_client", "headers too slow"),
                            System.nanoTime());
                    connection.close();
                }
            });
        }

        void cancel() {
            if (timer >= 0) {
                vertx.cancelTimer(timer);
                timer = -1;
            }
        }
    }

    private void connected(HttpConnection connection) {
        ConnectionClock clock = new ConnectionClock(connection);
        connections.put(connection, clock);
        connection.closeHandler(v -> {
            clock.cancel();
            connections.remove(connection);
        });
        clock.awaitHeaders();
    }

    private void request(HttpServerRequest req) {
        long started = System.nanoTime();
        ConnectionClock clock = connections.get(req.connection());
        if (clock != null) {
            clock.requestStarted();
        }
        Matcher path = RECORDS_PATH.matcher(req.path());
        if (!path.matches()) {
            reject(req, started, clock, IngestResponse.refused(404, "unknown_path", "no such path: send records"
                    + " with POST /v1/sources/" + sourceName + "/records"));
            return;
        }
        if (tokens != null) {
            BearerTokens.Verdict verdict = tokens.check(req.getHeader(HttpHeaders.AUTHORIZATION));
            if (verdict != BearerTokens.Verdict.ACCEPTED) {
                req.response().putHeader("WWW-Authenticate", verdict == BearerTokens.Verdict.MISSING
                        ? "Bearer" : "Bearer error=\"invalid_token\"");
                reject(req, started, clock, IngestResponse.refused(401, "unauthorized",
                        verdict == BearerTokens.Verdict.MISSING
                                ? "no bearer token: send Authorization: Bearer <token>, a token of the Secret that"
                                        + " spec.ingest.http.auth.secretRef names"
                                : "the bearer token is not one of the Secret that spec.ingest.http.auth.secretRef"
                                        + " names"));
                return;
            }
        }
        if (!sourceName.equals(path.group(1))) {
            reject(req, started, clock, IngestResponse.refused(404, "unknown_source", "this endpoint serves Source '"
                    + sourceName + "', not '" + path.group(1) + "': POST to /v1/sources/" + sourceName + "/records"));
            return;
        }
        if (req.method() == HttpMethod.GET && "websocket".equalsIgnoreCase(req.getHeader(HttpHeaders.UPGRADE))) {
            req.toWebSocket().onSuccess(ws -> webSocket(ws, clock));
            return;
        }
        if (req.method() != HttpMethod.POST) {
            req.response().putHeader(HttpHeaders.ALLOW, "POST");
            reject(req, started, clock, IngestResponse.refused(405, "method", req.method() + " is not served here:"
                    + " POST records, or open a WebSocket"));
            return;
        }
        String encoding = req.getHeader(HttpHeaders.CONTENT_ENCODING);
        if (encoding != null && !"identity".equalsIgnoreCase(encoding.trim())) {
            reject(req, started, clock, IngestResponse.refused(415, "media_type", "Content-Encoding " + encoding
                    + " is not accepted: send the records uncompressed"));
            return;
        }
        Layout layout = layoutOf(req.getHeader(HttpHeaders.CONTENT_TYPE));
        if (layout == null) {
            reject(req, started, clock, IngestResponse.refused(415, "media_type", "Content-Type "
                    + (req.getHeader(HttpHeaders.CONTENT_TYPE) == null ? "is missing"
                            : "'" + req.getHeader(HttpHeaders.CONTENT_TYPE) + "' is not accepted")
                    + ": send application/x-ndjson (one JSON object per line) or application/json (an array of"
                    + " objects)"));
            return;
        }
        long declared = contentLength(req);
        if (declared > plan.maxRequestBytes()) {
            reject(req, started, clock, tooLarge());
            return;
        }
        String key = req.getHeader("Idempotency-Key");
        if (key != null && (key.isEmpty() || key.length() > MAX_IDEMPOTENCY_KEY_LENGTH
                || !key.matches("[\\x21-\\x7e]+"))) {
            reject(req, started, clock, IngestResponse.refused(400, "idempotency_key", "the Idempotency-Key must be"
                    + " 1 to " + MAX_IDEMPOTENCY_KEY_LENGTH + " visible ASCII characters, for example a UUID"));
            return;
        }
        long reserved = declared >= 0 ? declared : plan.maxRequestBytes();
        if (!inFlight.tryAcquire(reserved)) {
            reject(req, started, clock, IngestResponse.refused(429, "overloaded", "the endpoint holds as many bytes as"
                    + " it may (spec.ingest.http.limits.maxInFlightBytes): retry after the Retry-After seconds",
                    OVERLOADED_RETRY_AFTER_SECONDS));
            return;
        }
        receive(req, started, clock, layout, key, reserved);
    }

    private void receive(HttpServerRequest req, long started, ConnectionClock clock, Layout layout, String key,
            long reserved) {
        Context context = vertx.getOrCreateContext();
        Buffer body = Buffer.buffer((int) Math.min(reserved, plan.maxRequestBytes()));
        AtomicBoolean finished = new AtomicBoolean();
        Runnable releaseOnce = () -> {
            if (finished.compareAndSet(false, true)) {
                inFlight.release(reserved);
            }
        };
        if (clock != null) {
            clock.awaitBody(() -> {
                if (!finished.get()) {
                    releaseOnce.run();
                    answer(req, started, clock, IngestResponse.refused(408, "slow_client", "the request body did not"
                            + " arrive within " + settings.bodyTimeout().toSeconds() + "s"), true);
                }
            });
        }
        req.handler(chunk -> {
            if (finished.get()) {
                return;
            }
            if (body.length() + chunk.length() > plan.maxRequestBytes()) {
                releaseOnce.run();
                answer(req, started, clock, tooLarge(), true);
                return;
            }
            body.appendBuffer(chunk);
        });
        req.exceptionHandler(e -> releaseOnce.run());
        req.endHandler(v -> {
            if (finished.get()) {
                return;
            }
            if (clock != null) {
                clock.cancel();
            }
            byte[] bytes = body.getBytes();
            IdempotencyKeys.Claim claim = key == null ? new IdempotencyKeys.Fresh()
                    : idempotency.claim(key, sha256(bytes));
            if (claim instanceof IdempotencyKeys.Replay replay) {
                releaseOnce.run();
                req.response().putHeader("Idempotent-Replayed", "true");
                answer(req, started, clock, replay.response(), false);
                return;
            }
            if (claim instanceof IdempotencyKeys.Busy) {
                releaseOnce.run();
                answer(req, started, clock, IngestResponse.refused(409, "idempotency_conflict", "a request with this"
                        + " Idempotency-Key is still being written: wait for its answer",
                        OVERLOADED_RETRY_AFTER_SECONDS), false);
                return;
            }
            if (claim instanceof IdempotencyKeys.Mismatch) {
                releaseOnce.run();
                answer(req, started, clock, IngestResponse.refused(422, "idempotency_key", "this Idempotency-Key was"
                        + " used with a different body: use a new key for a new batch"), false);
                return;
            }
            ingestion.ingest(bytes, layout).whenComplete((response, error) -> {
                IngestResponse out = error == null ? response : IngestResponse.refused(500, "internal",
                        "the endpoint failed: " + error);
                if (key != null) {
                    idempotency.complete(key, out);
                }
                releaseOnce.run();
                context.runOnContext(x -> answer(req, started, clock, out, false));
            });
        });
        if ("100-continue".equalsIgnoreCase(req.getHeader(HttpHeaders.EXPECT))) {
            req.response().writeContinue();
        }
    }

    /**
     * Refuses a request before reading its body. A client that is still sending (no Expect: 100-continue) gets the
     * answer after its body is read and dropped, up to {@link #DRAIN_CAP} bytes, so it sees the answer rather than a
     * reset connection.
     */
    private void reject(HttpServerRequest req, long started, ConnectionClock clock, IngestResponse response) {
        boolean expectsContinue = "100-continue".equalsIgnoreCase(req.getHeader(HttpHeaders.EXPECT));
        if (req.isEnded() || expectsContinue || contentLength(req) == 0) {
            answer(req, started, clock, response, expectsContinue && !req.isEnded());
            return;
        }
        AtomicLong dropped = new AtomicLong();
        if (clock != null) {
            clock.awaitBody(() -> req.connection().close());
        }
        req.handler(chunk -> {
            if (dropped.addAndGet(chunk.length()) > DRAIN_CAP) {
                req.connection().close();
            }
        });
        req.endHandler(v -> {
            if (clock != null) {
                clock.cancel();
            }
            answer(req, started, clock, response, false);
        });
    }

    private void answer(HttpServerRequest req, long started, ConnectionClock clock, IngestResponse response,
            boolean close) {
        HttpServerResponse out = req.response();
        if (out.ended() || out.closed()) {
            return;
        }
        out.setStatusCode(response.status()).putHeader(HttpHeaders.CONTENT_TYPE, "application/json");
        if (response.retryAfterSeconds() > 0) {
            out.putHeader(HttpHeaders.RETRY_AFTER, Integer.toString(response.retryAfterSeconds()));
        }
        if (close) {
            out.putHeader(HttpHeaders.CONNECTION, "close");
        }
        metrics.answered("http", response, started);
        out.end(response.body() + "\n").onComplete(v -> {
            if (close) {
                req.connection().close();
            } else if (clock != null) {
                clock.awaitHeaders();
            }
        });
    }

    private void webSocket(ServerWebSocket ws, ConnectionClock clock) {
        if (clock != null) {
            clock.requestStarted(); // a WebSocket lives until closed; the idle timeout covers a silent one
        }
        Context context = vertx.getOrCreateContext();
        AtomicLong sequence = new AtomicLong();
        ws.textMessageHandler(text -> {
            long started = System.nanoTime();
            long n = sequence.incrementAndGet();
            byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
            if (!inFlight.tryAcquire(bytes.length)) {
                reply(ws, n, started, IngestResponse.refused(429, "overloaded", "the endpoint holds as many bytes as"
                        + " it may: send this message again later", OVERLOADED_RETRY_AFTER_SECONDS));
                return;
            }
            ingestion.ingest(bytes, BodyRecords.layoutOf(bytes)).whenComplete((response, error) -> {
                inFlight.release(bytes.length);
                IngestResponse out = error == null ? response
                        : IngestResponse.refused(500, "internal", "the endpoint failed: " + error);
                context.runOnContext(x -> reply(ws, n, started, out));
            });
        });
        ws.binaryMessageHandler(b -> reply(ws, sequence.incrementAndGet(), System.nanoTime(),
                IngestResponse.refused(415, "media_type", "send records as text messages (JSON lines or a JSON"
                        + " array), not binary")));
    }

    private void reply(ServerWebSocket ws, long sequence, long started, IngestResponse response) {
        metrics.answered("websocket", response, started);
        if (!ws.isClosed()) {
            ws.writeTextMessage(response.bodyWith(sequence));
        }
    }

    private void managementRequest(HttpServerRequest req) {
        HttpServerResponse out = req.response();
        switch (req.path()) {
            case "/healthz" -> out.end("ok\n");
            case "/readyz" -> {
                boolean ok = ready.get() && !stopping.get();
                out.setStatusCode(ok ? 200 : 503).end(ok ? "ready\n" : "not ready: Kafka or the topic "
                        + plan.source().topic() + " is not reachable yet\n");
            }
            case "/metrics" -> out.putHeader(HttpHeaders.CONTENT_TYPE, "text/plain; version=0.0.4")
                    .end(metrics.scrape());
            default -> out.setStatusCode(404).end("not found: /healthz, /readyz, /metrics\n");
        }
    }

    private IngestResponse tooLarge() {
        return IngestResponse.refused(413, "too_large", "the body is larger than " + plan.maxRequestBytes()
                + " bytes (spec.ingest.http.limits.maxRequestBytes): split the batch");
    }

    static Layout layoutOf(String contentType) {
        if (contentType == null) {
            return null;
        }
        String type = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        return switch (type) {
            case "application/x-ndjson", "application/jsonl", "application/jsonlines", "application/x-jsonlines" ->
                    Layout.LINES;
            case "application/json" -> Layout.ARRAY;
            default -> null;
        };
    }

    private static long contentLength(HttpServerRequest req) {
        String value = req.getHeader(HttpHeaders.CONTENT_LENGTH);
        if (value == null) {
            return req.isEnded() ? 0 : -1;
        }
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    private static <T> T await(io.vertx.core.Future<T> future) {
        try {
            return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("the ingest server cannot listen: " + e.getMessage(), e);
        }
    }

    /** Stops taking requests, lets those being written finish (up to 20 seconds), then closes the producer. */
    @Override
    public void close() {
        stopping.set(true);
        try {
            if (server != null) {
                await(server.close());
            }
            if (management != null) {
                await(management.close());
            }
        } finally {
            workers.shutdown();
            try {
                workers.awaitTermination(20, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            writer.close();
            await(vertx.close());
        }
    }
}
