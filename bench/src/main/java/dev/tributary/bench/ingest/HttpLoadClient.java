package dev.tributary.bench.ingest;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The HTTP load generator, in its own JVM so its CPU is not counted against the endpoint: keep-alive HTTP/1.1 over
 * plain sockets (far cheaper per request than a full client, so the endpoint gets the cores), requests built once.
 * Reads commands on standard input, one per line, and answers each with one line on standard output:
 * <pre>run PORT PATH BATCH CLIENTS MILLIS REQUESTS_PER_SECOND MAX_BODY_BYTES</pre>
 * (REQUESTS_PER_SECOND 0: as fast as answers come; MAX_BODY_BYTES 0: no cap) is answered with
 * <pre>result OK_REQUESTS RECORDS REFUSED FAILED NANOS P50_NANOS P99_NANOS</pre>
 * where paced latencies count from when a request was due (so a server that falls behind is not flattered).
 * Ends when standard input closes, so it never outlives the benchmark.
 */
public final class HttpLoadClient {

    private HttpLoadClient() {
    }

    public static void main(String[] args) throws Exception {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.US_ASCII));
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.US_ASCII);
        String line;
        while ((line = in.readLine()) != null) {
            String[] a = line.trim().split(" ");
            if (a.length == 8 && a[0].equals("run")) {
                out.println(run(Integer.parseInt(a[1]), a[2], Integer.parseInt(a[3]), Integer.parseInt(a[4]),
                        Long.parseLong(a[5]), Double.parseDouble(a[6]), Integer.parseInt(a[7])));
            } else {
                out.println("error: unknown command " + line);
            }
        }
    }

    static String run(int port, String path, int batch, int clients, long millis, double perSecond, int maxBody)
            throws InterruptedException {
        byte[][] requests = new byte[ClickRecords.DISTINCT_BATCHES][];
        int size = batch;
        for (int i = 0; i < requests.length; i++) {
            byte[] body = ClickRecords.body(size, i);
            while (maxBody > 0 && body.length > maxBody) {
                size = size - (body.length - maxBody) / 150 - 1;
                body = ClickRecords.body(size, i);
            }
            requests[i] = request(port, path, body);
        }
        int records = size;
        AtomicLong ok = new AtomicLong();
        AtomicLong refused = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        long[][] latencies = new long[clients][];
        int[] counts = new int[clients];
        long t0 = System.nanoTime();
        long end = t0 + TimeUnit.MILLISECONDS.toNanos(millis);
        CountDownLatch done = new CountDownLatch(clients);
        for (int c = 0; c < clients; c++) {
            int client = c;
            Thread t = new Thread(() -> {
                long[] mine = new long[1024];
                int n = 0;
                Connection connection = null;
                try {
                    for (long i = 0; System.nanoTime() < end; i++) {
                        long start = System.nanoTime();
                        if (perSecond > 0) {
                            long due = t0 + (long) ((i * clients + client) * 1e9 / perSecond);
                            if (due >= end) {
                                break;
                            }
                            if (due > start) {
                                TimeUnit.NANOSECONDS.sleep(due - start);
                            }
                            start = due;
                        }
                        int status;
                        try {
                            if (connection == null) {
                                connection = new Connection(port);
                            }
                            status = connection.exchange(requests[(int) (i % requests.length)]);
                        } catch (IOException e) {
                            status = -1;
                        }
                        if (status < 0 || connection.closing) {
                            if (connection != null) {
                                connection.close();
                            }
                            connection = null;
                        }
                        if (status == 200) {
                            ok.incrementAndGet();
                            if (n == mine.length) {
                                mine = Arrays.copyOf(mine, n * 2);
                            }
                            mine[n++] = System.nanoTime() - start;
                        } else if (status > 0) {
                            refused.incrementAndGet();
                        } else {
                            failed.incrementAndGet();
                        }
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    if (connection != null) {
                        connection.close();
                    }
                    latencies[client] = mine;
                    counts[client] = n;
                    done.countDown();
                }
            }, "load-" + c);
            t.start();
        }
        done.await();
        long nanos = System.nanoTime() - t0;
        long[] all = new long[Arrays.stream(counts).sum()];
        int at = 0;
        for (int c = 0; c < clients; c++) {
            System.arraycopy(latencies[c], 0, all, at, counts[c]);
            at += counts[c];
        }
        Arrays.sort(all);
        return "result " + ok.get() + " " + ok.get() * records + " " + refused.get() + " " + failed.get() + " "
                + nanos + " " + percentile(all, 0.5) + " " + percentile(all, 0.99);
    }

    static long percentile(long[] sorted, double p) {
        return sorted.length == 0 ? -1 : sorted[(int) Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
    }

    private static byte[] request(int port, String path, byte[] body) {
        byte[] head = ("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port
                + "\r\nContent-Type: application/x-ndjson\r\nContent-Length: " + body.length + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        byte[] request = Arrays.copyOf(head, head.length + body.length);
        System.arraycopy(body, 0, request, head.length, body.length);
        return request;
    }

    /** One keep-alive connection: writes a request, reads the status, headers and Content-Length body. */
    private static final class Connection {

        private final Socket socket;
        private final OutputStream out;
        private final InputStream in;
        private final StringBuilder line = new StringBuilder();
        boolean closing;

        Connection(int port) throws IOException {
            socket = new Socket("127.0.0.1", port);
            socket.setTcpNoDelay(true);
            socket.setSoTimeout(120_000);
            out = new BufferedOutputStream(socket.getOutputStream(), 64 * 1024);
            in = new BufferedInputStream(socket.getInputStream(), 64 * 1024);
        }

        int exchange(byte[] request) throws IOException {
            try {
                out.write(request);
                out.flush();
            } catch (IOException e) {
                // the server may answer (413, 429) and close before reading the whole body: read what it said
                closing = true;
            }
            String status = readLine();
            int code = Integer.parseInt(status.substring(9, 12));
            long length = 0;
            String header;
            while (!(header = readLine()).isEmpty()) {
                int colon = header.indexOf(':');
                String name = header.substring(0, colon).trim();
                if (name.equalsIgnoreCase("content-length")) {
                    length = Long.parseLong(header.substring(colon + 1).trim());
                } else if (name.equalsIgnoreCase("connection")
                        && header.substring(colon + 1).trim().equalsIgnoreCase("close")) {
                    closing = true;
                }
            }
            for (long skipped = 0; skipped < length; ) {
                long n = in.skip(length - skipped);
                if (n <= 0) {
                    if (in.read() < 0) {
                        throw new IOException("closed in the middle of an answer");
                    }
                    n = 1;
                }
                skipped += n;
            }
            return code;
        }

        private String readLine() throws IOException {
            line.setLength(0);
            int b;
            while ((b = in.read()) != '\n') {
                if (b < 0) {
                    throw new IOException("closed before an answer");
                }
                if (b != '\r') {
                    line.append((char) b);
                }
            }
            return line.toString();
        }

        void close() {
            try {
                socket.close();
            } catch (IOException e) {
                // closing anyway
            }
        }
    }
}
