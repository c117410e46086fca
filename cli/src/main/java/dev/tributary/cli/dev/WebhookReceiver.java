package dev.tributary.cli.dev;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;

/** Stands in for a webhook sink's endpoint on 127.0.0.1: answers 204 to every POST and prints its body. */
final class WebhookReceiver implements ResultWatcher {

    private final String sink;
    private final HttpServer server;
    private final DevConsole console;
    private final AtomicLong printed = new AtomicLong();

    WebhookReceiver(String sink, DevConsole console) {
        this.sink = sink;
        this.console = console;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on 127.0.0.1 for the webhook sink " + sink, e);
        }
        server.createContext("/", this::handle);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/" + sink;
    }

    @Override
    public String sink() {
        return sink;
    }

    @Override
    public long printed() {
        return printed.get();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            if ("POST".equals(exchange.getRequestMethod())) {
                console.result(sink, body.strip());
                printed.incrementAndGet();
            }
            exchange.sendResponseHeaders(204, -1);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
