package dev.tributary.runtime.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.api.plan.FieldPlan;
import dev.tributary.api.plan.IngestPlan;
import dev.tributary.api.plan.KafkaConnectionPlan;
import dev.tributary.api.plan.SecretKeyPlan;
import dev.tributary.api.plan.SourcePlan;
import dev.tributary.api.v1alpha1.RecordFormat;
import dev.tributary.runtime.it.Services;
import dev.tributary.runtime.it.Topics;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ingest endpoint against a real broker, with real clients: the JDK's HttpClient, curl, the JDK's WebSocket
 * client and raw sockets for slow clients. Each bad input gets its status and a clear body, nothing reaches the
 * topic, and the server keeps serving.
 */
class IngestServerIT {

    static final String TOKEN = "s3cret-token-for-ingest";
    static final String TOPIC = "ingest-it-clicks";
    static final List<FieldPlan> FIELDS = List.of(new FieldPlan("user_id", "STRING NOT NULL"),
            new FieldPlan("url", "STRING"), new FieldPlan("ts", "TIMESTAMP(3)"), new FieldPlan("n", "INT"));

    @TempDir
    static Path secrets;

    static IngestServer server;
    static Topics topics;
    static HttpClient http;
    static String base;

    @BeforeAll
    static void start() throws IOException {
        topics = Topics.of();
        topics.create(2, TOPIC);
        Files.createDirectories(secrets.resolve("ingest-tokens"));
        Files.writeString(secrets.resolve("ingest-tokens/tokens"), "old-token-still-valid\n" + TOKEN + "\n");
        server = IngestServer.start(plan(TOPIC, 1024 * 1024, 64 * 1024 * 1024, null), settings());
        http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        base = "http://127.0.0.1:" + server.port() + "/v1/sources/clicks/records";
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    static IngestPlan plan(String topic, int maxRequest, int maxInFlight, String tlsSecret) {
        return new IngestPlan(new SourcePlan("clicks", topic, RecordFormat.JSON, FIELDS, null),
                KafkaConnectionPlan.plaintext(Services.kafka().bootstrapServers()),
                new SecretKeyPlan("ingest-tokens", "tokens"), tlsSecret, maxRequest, 1000, maxInFlight);
    }

    static IngestSettings settings() {
        return IngestSettings.defaults(secrets).on("127.0.0.1", 0, 0)
                .withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(3), Duration.ofSeconds(8)); // idle > max.block.ms
    }

    static HttpResponse<String> post(String url, String contentType, String body, String... headers)
            throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> postNdjson(String body, String... headers) throws Exception {
        String[] all = new String[headers.length + 2];
        all[0] = "Authorization";
        all[1] = "Bearer " + TOKEN;
        System.arraycopy(headers, 0, all, 2, headers.length);
        return post(base, "application/x-ndjson", body, all);
    }

    static String record(String user, int n) {
        return "{\"user_id\":\"" + user + "\",\"url\":\"/p/" + n + "\",\"ts\":\"2026-01-01 00:00:00.000\",\"n\":" + n + "}";
    }

    static List<String> values(String topic) {
        return topics.readAll(topic).stream().map(r -> Topics.text(r.value())).toList();
    }

    @Test
    void jsonLinesAndArraysAreWrittenAsSentOnceKafkaAcknowledges() throws Exception {
        String topic = "ingest-it-good";
        topics.create(2, topic);
        try (IngestServer s = IngestServer.start(plan(topic, 1024 * 1024, 64 * 1024 * 1024, null), settings())) {
            String url = "http://127.0.0.1:" + s.port() + "/v1/sources/clicks/records";
            HttpResponse<String> lines = post(url, "application/x-ndjson",
                    record("a", 1) + "\n\n" + record("b", 2) + "\r\n", "Authorization", "Bearer " + TOKEN);
            assertThat(lines.statusCode()).as(lines.body()).isEqualTo(200);
            assertThat(lines.body()).contains("\"accepted\":2");
            HttpResponse<String> array = post(url, "application/json; charset=utf-8",
                    "[" + record("c", 3) + ",\n " + record("d", 4) + "]", "Authorization", "Bearer old-token-still-valid");
            assertThat(array.statusCode()).as(array.body()).isEqualTo(200);
            // a 200 means acknowledged: the records are readable right away
            assertThat(values(topic)).containsExactlyInAnyOrder(record("a", 1), record("b", 2), record("c", 3),
                    record("d", 4));
            assertThat(s.metrics().scrape()).contains("tributary_ingest_records_total{source=\"clicks\"} 4")
                    .contains("tributary_ingest_requests_total{source=\"clicks\",transport=\"http\",code=\"200\"} 2");
        }
    }

    @Test
    void eachBadInputGetsItsStatusAndAClearBodyAndNothingIsWritten() throws Exception {
        int before = values(TOPIC).size();
        String auth = "Bearer " + TOKEN;
        expect(post(base, "text/plain", record("a", 1), "Authorization", auth), 415,
                "Content-Type 'text/plain' is not accepted: send application/x-ndjson");
        expect(post(base, null, record("a", 1), "Authorization", auth), 415, "Content-Type is missing");
        expect(post(base, "application/json", "[" + record("a", 1) + ", {\"user_id\": ", "Authorization", auth), 400,
                "malformed JSON");
        expect(postNdjson(record("a", 1) + "\n{\"user_id\": \"b\", \"url\": "), 400,
                "\"position\":\"line 2\",\"error\":\"malformed JSON");
        expect(postNdjson(record("a", 1) + "\n{\"user_id\":\"b\",\"n\":\"many\"}\n" + record("c", 3)), 400,
                "\"position\":\"line 2\",\"error\":\"column 'n'");
        expect(postNdjson(record("a", 1) + "\n" + record("b", 2) + "\n{\"url\":\"/x\",\"n\":3}"), 400,
                "\"position\":\"line 3\",\"error\":\"required field 'user_id' is missing\"");
        expect(post(base, "application/json", "[" + record("a", 1) + ", 7]", "Authorization", auth), 400,
                "record 2: not a JSON object");
        expect(postNdjson("\n\n"), 400, "the body holds no records");
        expect(post(base.replace("/clicks/", "/orders/"), "application/x-ndjson", record("a", 1), "Authorization",
                auth), 404, "this endpoint serves Source 'clicks', not 'orders'");
        HttpResponse<String> noToken = post(base, "application/x-ndjson", record("a", 1));
        expect(noToken, 401, "no bearer token: send Authorization: Bearer <token>");
        assertThat(noToken.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
        HttpResponse<String> wrong = post(base, "application/x-ndjson", record("a", 1), "Authorization",
                "Bearer not-" + TOKEN);
        expect(wrong, 401, "the bearer token is not one of the Secret");
        assertThat(wrong.body()).doesNotContain(TOKEN);
        expect(post(base, "application/x-ndjson", record("a", 1), "Authorization", "Basic dXNlcjpwYXNz"), 401,
                "no bearer token");
        String tenMegabytes = (record("big", 1) + "\n").repeat(10 * 1024 * 1024 / record("big", 1).length());
        expect(postNdjson(tenMegabytes), 413, "larger than 1048576 bytes (spec.ingest.http.limits.maxRequestBytes)");
        expect(postNdjson((record("m", 1) + "\n").repeat(1001)), 413, "more than 1000 records in one request");

        assertThat(values(TOPIC)).hasSize(before);
        expect(postNdjson(record("after", 1)), 200, "\"accepted\":1");
        assertThat(values(TOPIC)).hasSize(before + 1);
        String metrics = server.metrics().scrape();
        for (String reason : List.of("media_type", "invalid_json", "bad_record", "unknown_source", "unauthorized",
                "too_large", "too_many_records", "empty")) {
            assertThat(metrics).contains("tributary_ingest_rejections_total{source=\"clicks\",reason=\"" + reason + "\"}");
        }
    }

    @Test
    void curlPostsRecordsAndSeesTheRefusals() throws Exception {
        int before = values(TOPIC).size();
        Path big = Files.createTempFile("ingest-10mb", ".ndjson");
        Files.writeString(big, (record("big", 1) + "\n").repeat(10 * 1024 * 1024 / record("big", 1).length()));
        assertThat(curl("-H", "Content-Type: application/x-ndjson", "-H", "Authorization: Bearer " + TOKEN,
                "--data-binary", record("curl", 1) + "\n" + record("curl", 2), base))
                .startsWith("200 ").contains("\"accepted\":2");
        assertThat(curl("-H", "Content-Type: application/x-ndjson", "-H", "Authorization: Bearer " + TOKEN,
                "--data-binary", "@" + big, base)).startsWith("413 ").contains("maxRequestBytes");
        assertThat(curl("-H", "Content-Type: application/x-ndjson", "--data-binary", record("curl", 3), base))
                .startsWith("401 ").contains("no bearer token");
        assertThat(curl("-H", "Content-Type: text/csv", "-H", "Authorization: Bearer " + TOKEN, "--data-binary",
                "a,b", base)).startsWith("415 ").contains("send application/x-ndjson");
        assertThat(curl("-H", "Content-Type: application/x-ndjson", "-H", "Authorization: Bearer " + TOKEN,
                "--data-binary", "{\"user_id\":\"x\",\"n\":\"many\"}", base.replace("/clicks/", "/orders/")))
                .startsWith("404 ").contains("not 'orders'");
        assertThat(curl("-H", "Content-Type: application/x-ndjson", "-H", "Authorization: Bearer " + TOKEN,
                "--data-binary", "{\"url\":\"/nouser\"}", base)).startsWith("400 ")
                .contains("required field 'user_id' is missing");
        assertThat(values(TOPIC)).hasSize(before + 2);
    }

    @Test
    void aRetryWithTheSameIdempotencyKeyIsAnsweredAgainWithoutWriting() throws Exception {
        int before = values(TOPIC).size();
        String body = record("idem", 1) + "\n" + record("idem", 2);
        HttpResponse<String> first = postNdjson(body, "Idempotency-Key", "batch-0001");
        HttpResponse<String> retry = postNdjson(body, "Idempotency-Key", "batch-0001");
        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(retry.statusCode()).isEqualTo(200);
        assertThat(retry.body()).isEqualTo(first.body());
        assertThat(retry.headers().firstValue("Idempotent-Replayed")).hasValue("true");
        expect(postNdjson(record("other", 3), "Idempotency-Key", "batch-0001"), 422, "used with a different body");
        assertThat(values(TOPIC)).hasSize(before + 2);
        expect(postNdjson(body, "Idempotency-Key", "batch-0002"), 200, "\"accepted\":2");
        assertThat(values(TOPIC)).hasSize(before + 4);
    }

    @Test
    void aWebSocketStreamsBatchesAndGetsOneAnswerPerMessage() throws Exception {
        int before = values(TOPIC).size();
        LinkedBlockingQueue<String> replies = new LinkedBlockingQueue<>();
        WebSocket ws = http.newWebSocketBuilder().header("Authorization", "Bearer " + TOKEN)
                .buildAsync(URI.create(base.replace("http:", "ws:")), new WebSocket.Listener() {
                    final StringBuilder text = new StringBuilder();

                    @Override
                    public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
                        text.append(data);
                        if (last) {
                            replies.add(text.toString());
                            text.setLength(0);
                        }
                        socket.request(1);
                        return null;
                    }
                }).get(30, TimeUnit.SECONDS);
        ws.sendText(record("ws", 1) + "\n" + record("ws", 2), true).get(30, TimeUnit.SECONDS);
        assertThat(replies.poll(60, TimeUnit.SECONDS)).contains("\"message\":1", "\"status\":200", "\"accepted\":2");
        ws.sendText("[" + record("ws", 3) + ",{\"user_id\":null}]", true).get(30, TimeUnit.SECONDS);
        assertThat(replies.poll(60, TimeUnit.SECONDS)).contains("\"message\":2", "\"status\":400",
                "\"position\":\"record 2\"", "required field 'user_id' is null");
        ws.sendText("[" + record("ws", 5) + ", {\"user_id\": ", true).get(30, TimeUnit.SECONDS);
        assertThat(replies.poll(60, TimeUnit.SECONDS)).contains("\"message\":3", "\"status\":400",
                "\"reason\":\"invalid_json\"", "malformed JSON");
        ws.sendText(record("ws", 6) + "\n{\"user_id\":\"x\",\"n\":\"many\"}", true).get(30, TimeUnit.SECONDS);
        assertThat(replies.poll(60, TimeUnit.SECONDS)).contains("\"message\":4", "\"status\":400",
                "\"position\":\"line 2\"", "column 'n'");
        ws.sendBinary(java.nio.ByteBuffer.wrap(record("ws", 7).getBytes(StandardCharsets.UTF_8)), true)
                .get(30, TimeUnit.SECONDS);
        assertThat(replies.poll(60, TimeUnit.SECONDS)).contains("\"message\":5", "\"status\":415",
                "send records as text messages");
        // the socket still serves after its bad messages
        ws.sendText(record("ws", 4), true).get(30, TimeUnit.SECONDS);
        assertThat(replies.poll(60, TimeUnit.SECONDS)).contains("\"message\":6", "\"status\":200");
        ws.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(30, TimeUnit.SECONDS);
        assertThat(values(TOPIC)).hasSize(before + 3);

        CompletableFuture<WebSocket> refused = http.newWebSocketBuilder()
                .buildAsync(URI.create(base.replace("http:", "ws:")), new WebSocket.Listener() { });
        assertThat(refused).failsWithin(Duration.ofSeconds(30)).withThrowableThat()
                .havingRootCause().withMessageContaining("401");
    }

    @Test
    void slowClientsAreCutOffAndTheServerKeepsServing() throws Exception {
        try (Socket headers = new Socket("127.0.0.1", server.port());
                Socket body = new Socket("127.0.0.1", server.port())) {
            headers.setSoTimeout(20_000);
            body.setSoTimeout(20_000);
            OutputStream h = headers.getOutputStream();
            h.write("POST /v1/sources/clicks/records HTTP/1.1\r\nHost: x\r\n".getBytes(StandardCharsets.US_ASCII));
            h.flush();
            byte[] start = ("POST /v1/sources/clicks/records HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + TOKEN
                    + "\r\nContent-Type: application/x-ndjson\r\nContent-Length: 1000\r\n\r\n{\"user_id\":")
                    .getBytes(StandardCharsets.US_ASCII);
            body.getOutputStream().write(start);
            body.getOutputStream().flush();
            long t0 = System.nanoTime();
            // a client that stops in the middle of its headers is closed without an answer (idle timeout)
            assertThat(readAll(headers.getInputStream())).isEmpty();
            // a body that stops arriving gets 408 and the connection is closed
            assertThat(readAll(body.getInputStream())).startsWith("HTTP/1.1 408").contains("did not arrive within 3s");
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(15));
        }
        try (Socket trickle = new Socket("127.0.0.1", server.port())) {
            trickle.setSoTimeout(20_000);
            OutputStream out = trickle.getOutputStream();
            out.write("POST /v1/sources/clicks/records HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = trickle.getInputStream();
            StringBuilder first = new StringBuilder();
            while (!first.toString().endsWith("}\n")) {
                first.append((char) in.read());
            }
            assertThat(first.toString()).startsWith("HTTP/1.1 401");
            // the next request's headers arrive a byte every 300 ms: never idle, but past the 2s header deadline
            long t0 = System.nanoTime();
            boolean closed = false;
            for (byte b : "POST /v1/sources/clicks/records HTTP/1.1\r\nHost: x\r\nX-Slow: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa".getBytes(StandardCharsets.US_ASCII)) {
                try {
                    out.write(b);
                    out.flush();
                } catch (IOException e) {
                    closed = true;
                    break;
                }
                Thread.sleep(300);
            }
            assertThat(closed || in.read() == -1).as("the trickling connection is closed").isTrue();
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(12));
        }
        expect(postNdjson(record("still", 1)), 200, "\"accepted\":1");
        assertThat(server.metrics().rejected("slow_client")).isGreaterThanOrEqualTo(2);
        assertThat(server.inFlight().held()).isZero();
    }

    /**
     * Slow-loris: connections that trickle their first request's headers, or a body, a byte every 250 ms (never idle
     * long enough for the idle timeout) are cut off after the header (2 s) or body (3 s) deadline, twelve at once
     * (more than the event loops and workers together), while other clients are answered meanwhile.
     */
    @Test
    void tricklingClientsAreCutOffInBoundedTimeWhileOthersAreServed() throws Exception {
        byte[] headers = ("POST /v1/sources/clicks/records HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + TOKEN
                + "\r\nContent-Type: application/x-ndjson\r\nX-Slow: " + "a".repeat(200))
                .getBytes(StandardCharsets.US_ASCII);
        String bodyHeaders = "POST /v1/sources/clicks/records HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + TOKEN
                + "\r\nContent-Type: application/x-ndjson\r\nContent-Length: 1000\r\n\r\n";
        byte[] body = (bodyHeaders + (record("slow", 1) + "\n").repeat(20).substring(0, 1000))
                .getBytes(StandardCharsets.US_ASCII);
        int before = values(TOPIC).size();
        long rejectedBefore = server.metrics().rejected("slow_client");
        List<Trickle> trickles = new ArrayList<>();
        try {
            for (int i = 0; i < 6; i++) {
                trickles.add(Trickle.start(server.port(), headers, 0, Duration.ofMillis(250)));
                trickles.add(Trickle.start(server.port(), body, bodyHeaders.length(), Duration.ofMillis(250)));
            }
            // while they trickle, other clients are answered at once
            int served = 0;
            long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (trickles.stream().anyMatch(t -> !t.closed.isDone()) && System.nanoTime() < giveUp) {
                long t0 = System.nanoTime();
                expect(postNdjson(record("meanwhile", served)), 200, "\"accepted\":1");
                assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(5));
                served++;
                Thread.sleep(50);
            }
            assertThat(served).isPositive();
            for (Trickle t : trickles) {
                assertThat(t.closed).as("a trickling connection is still open after 30 s").isDone();
                Trickle.Cut cut = t.closed.get();
                // header deadline 2 s, body deadline 3 s; the idle timeout (8 s) never fires on a trickle
                assertThat(cut.after()).as("cut off after %s: %s", cut.after(), cut.answer())
                        .isLessThan(Duration.ofSeconds(7));
                if (t.bodyFrom > 0) {
                    assertThat(cut.answer()).startsWith("HTTP/1.1 408").contains("did not arrive within 3s");
                } else {
                    assertThat(cut.answer()).isEmpty();
                }
            }
            assertThat(values(TOPIC)).hasSize(before + served);
            assertThat(server.metrics().rejected("slow_client") - rejectedBefore).isGreaterThanOrEqualTo(12);
            assertThat(server.inFlight().held()).isZero();
        } finally {
            for (Trickle t : trickles) {
                t.socket.close();
            }
        }
    }

    /** A raw socket that writes {@code bytes}: all before {@code bodyFrom} at once, the rest a byte per pause. */
    private record Trickle(Socket socket, int bodyFrom, CompletableFuture<Cut> closed) {

        record Cut(Duration after, String answer) {
        }

        static Trickle start(int port, byte[] bytes, int bodyFrom, Duration pause) throws IOException {
            Socket socket = new Socket("127.0.0.1", port);
            socket.setSoTimeout(60_000);
            long t0 = System.nanoTime();
            CompletableFuture<Cut> closed = CompletableFuture.supplyAsync(() -> {
                try {
                    String answer = readAll(socket.getInputStream());
                    return new Cut(Duration.ofNanos(System.nanoTime() - t0), answer);
                } catch (IOException e) {
                    return new Cut(Duration.ofNanos(System.nanoTime() - t0), "read failed: " + e);
                }
            }, runnable -> new Thread(runnable, "trickle-reader").start());
            Thread writer = new Thread(() -> {
                try {
                    OutputStream out = socket.getOutputStream();
                    out.write(bytes, 0, bodyFrom);
                    out.flush();
                    for (int i = bodyFrom; i < bytes.length && !closed.isDone(); i++) {
                        out.write(bytes[i]);
                        out.flush();
                        Thread.sleep(pause.toMillis());
                    }
                } catch (IOException | InterruptedException e) {
                    // the server closed the connection: what the reader sees is what counts
                }
            }, "trickle-writer");
            writer.setDaemon(true);
            writer.start();
            return new Trickle(socket, bodyFrom, closed);
        }
    }

    @Test
    void beyondTheInFlightBoundRequestsGet429WithRetryAfter() throws Exception {
        String topic = "ingest-it-overload";
        topics.create(1, topic);
        try (IngestServer s = IngestServer.start(plan(topic, 1024 * 1024, 1024 * 1024, null), settings());
                Socket holder = new Socket("127.0.0.1", s.port())) {
            String url = "http://127.0.0.1:" + s.port() + "/v1/sources/clicks/records";
            // one request announces a full MiB and sends it slowly: it holds the whole budget
            holder.getOutputStream().write(("POST /v1/sources/clicks/records HTTP/1.1\r\nHost: x\r\nAuthorization:"
                    + " Bearer " + TOKEN + "\r\nContent-Type: application/x-ndjson\r\nContent-Length: 1048576\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            holder.getOutputStream().flush();
            HttpResponse<String> refused = awaitStatus(url, 429);
            assertThat(refused.headers().firstValue("Retry-After")).hasValue("1");
            assertThat(refused.body()).contains("maxInFlightBytes");
            assertThat(s.inFlight().held()).isLessThanOrEqualTo(s.inFlight().limit());
            holder.close();
            HttpResponse<String> after = awaitStatus(url, 200);
            assertThat(after.body()).contains("\"accepted\":1");
            assertThat(values(topic)).hasSize(1);
        }
    }

    @Test
    void withoutKafkaTheAnswerIs503WithRetryAfterAndTheServerIsNotReady() throws Exception {
        IngestPlan nowhere = new IngestPlan(new SourcePlan("clicks", TOPIC, RecordFormat.JSON, FIELDS, null),
                KafkaConnectionPlan.plaintext("127.0.0.1:1"), null, null, 1024 * 1024, 1000, 64 * 1024 * 1024);
        try (IngestServer s = IngestServer.start(nowhere, settings())) {
            HttpResponse<String> down = post("http://127.0.0.1:" + s.port() + "/v1/sources/clicks/records",
                    "application/x-ndjson", record("down", 1));
            expect(down, 503, "Kafka did not acknowledge the records in time");
            assertThat(down.headers().firstValue("Retry-After")).hasValue("5");
            HttpResponse<String> ready = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                    + s.managementPort() + "/readyz")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(ready.statusCode()).isEqualTo(503);
            assertThat(s.inFlight().held()).isZero();
        }
    }

    @Test
    void tlsServesHttpsWithTheSecretsCertificate() throws Exception {
        String topic = "ingest-it-tls";
        topics.create(1, topic);
        // a self-signed certificate for 127.0.0.1, as a kubernetes.io/tls Secret holds it (openssl: one process,
        // milliseconds, where keytool's chain takes several JVM starts)
        Path tls = Files.createDirectories(secrets.resolve("ingest-tls"));
        Process openssl = new ProcessBuilder("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt",
                "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", tls.resolve("tls.key").toString(), "-out",
                tls.resolve("tls.crt").toString(), "-subj", "/CN=ingest-it", "-addext",
                "subjectAltName=IP:127.0.0.1,DNS:localhost", "-days", "1").redirectErrorStream(true).start();
        String opensslOut = new String(openssl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(openssl.waitFor(60, TimeUnit.SECONDS) && openssl.exitValue() == 0).as(opensslOut).isTrue();
        Path caPem = tls.resolve("tls.crt");
        try (IngestServer s = IngestServer.start(plan(topic, 1024 * 1024, 64 * 1024 * 1024, "ingest-tls"), settings())) {
            String url = "https://127.0.0.1:" + s.port() + "/v1/sources/clicks/records";
            assertThat(curl("--cacert", caPem.toString(), "-H", "Content-Type: application/x-ndjson", "-H",
                    "Authorization: Bearer " + TOKEN, "--data-binary", record("tls", 1), url)).startsWith("200 ");
            assertThat(curl("-H", "Content-Type: application/x-ndjson", "--data-binary", record("tls", 2), url))
                    .as("an untrusted certificate is refused by the client").startsWith("000 ");
            assertThat(values(topic)).containsExactly(record("tls", 1));
        }
    }

    private static HttpResponse<String> awaitStatus(String url, int status) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            HttpResponse<String> r = post(url, "application/x-ndjson", record("o", 1), "Authorization", "Bearer " + TOKEN);
            if (r.statusCode() == status || System.nanoTime() > deadline) {
                assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
                return r;
            }
            Thread.sleep(200);
        }
    }

    private static String readAll(InputStream in) throws IOException {
        return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
    }

    private static void expect(HttpResponse<String> response, int status, String bodyContains) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.body()).contains(bodyContains);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
    }

    /** curl's answer as "<status> <body>" ("000 ..." when no HTTP answer came). */
    static String curl(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("curl", "-sS", "--max-time", "60", "-o", "-", "-w",
                "\n%{http_code}"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(90, TimeUnit.SECONDS)).isTrue();
        int nl = out.lastIndexOf('\n');
        return out.substring(nl + 1).strip() + " " + out.substring(0, Math.max(nl, 0));
    }
}
