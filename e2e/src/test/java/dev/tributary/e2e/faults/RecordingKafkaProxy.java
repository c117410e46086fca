package dev.tributary.e2e.faults;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP proxy in front of a PLAINTEXT Kafka listener (the broker advertises the proxy, so every client connection
 * goes through it). It reads the request header of each frame; the admin requests that change topics are actions
 * recorded in {@link CrashPoints}, and the response carrying the armed request's correlation id trips the kill
 * instead of being forwarded.
 */
public final class RecordingKafkaProxy implements AutoCloseable {

    private static final Map<Short, String> TOPIC_CHANGES = Map.of((short) 19, "CreateTopics", (short) 20,
            "DeleteTopics", (short) 37, "CreatePartitions", (short) 44, "IncrementalAlterConfigs", (short) 33,
            "AlterConfigs");
    private static final int NONE = Integer.MIN_VALUE;

    private final int targetPort;
    private final CrashPoints points;
    private final ServerSocket server;

    public RecordingKafkaProxy(int port, int targetPort, CrashPoints points) {
        this.targetPort = targetPort;
        this.points = points;
        try {
            server = new ServerSocket(port, 50, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        RecordingHttpProxy.daemon(this::acceptLoop, "kafka-proxy-accept");
    }

    public int port() {
        return server.getLocalPort();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                // read before the accept: a connection the operator opened just before a kill that ends while this
                // thread waits is of the old epoch, and dropped (a later client reconnects)
                int epoch = points.epoch();
                Socket client = server.accept();
                RecordingHttpProxy.daemon(() -> serve(client, epoch), "kafka-proxy-conn");
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket client, int epoch) {
        try (client; Socket upstream = new Socket(InetAddress.getLoopbackAddress(), targetPort)) {
            AtomicInteger killOnCorrelation = new AtomicInteger(NONE);
            RecordingHttpProxy.daemon(() -> responses(upstream, client, killOnCorrelation), "kafka-proxy-down");
            DataInputStream in = new DataInputStream(new BufferedInputStream(client.getInputStream()));
            DataOutputStream out = new DataOutputStream(upstream.getOutputStream());
            while (true) {
                byte[] frame = new byte[in.readInt()];
                in.readFully(frame);
                if (epoch < 0 || points.epoch() != epoch) {
                    return; // opened before (or while) the operator was killed: nothing more of it goes through
                }
                short apiKey = (short) (((frame[0] & 0xff) << 8) | (frame[1] & 0xff));
                String change = TOPIC_CHANGES.get(apiKey);
                if (change != null && points.record("kafka " + change)) {
                    killOnCorrelation.set(correlation(frame));
                }
                out.writeInt(frame.length);
                out.write(frame);
                out.flush();
            }
        } catch (IOException e) {
            // a side hung up
        }
    }

    private void responses(Socket upstream, Socket client, AtomicInteger killOnCorrelation) {
        try {
            DataInputStream in = new DataInputStream(new BufferedInputStream(upstream.getInputStream()));
            DataOutputStream out = new DataOutputStream(client.getOutputStream());
            while (true) {
                byte[] frame = new byte[in.readInt()];
                in.readFully(frame);
                int armed = killOnCorrelation.get();
                if (armed != NONE && correlation(frame, 0) == armed) {
                    killOnCorrelation.set(NONE);
                    if (points.trip()) {
                        return; // the operator never learns that its action took effect
                    }
                }
                out.writeInt(frame.length);
                out.write(frame);
                out.flush();
            }
        } catch (IOException e) {
            // closed
        } finally {
            RecordingHttpProxy.closeQuietly(client);
            RecordingHttpProxy.closeQuietly(upstream);
        }
    }

    /** A request's correlation id follows its api key and version. */
    private static int correlation(byte[] request) {
        return correlation(request, 4);
    }

    private static int correlation(byte[] frame, int at) {
        return ((frame[at] & 0xff) << 24) | ((frame[at + 1] & 0xff) << 16) | ((frame[at + 2] & 0xff) << 8)
                | (frame[at + 3] & 0xff);
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
