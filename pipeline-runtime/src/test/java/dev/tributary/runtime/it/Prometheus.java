package dev.tributary.runtime.it;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Scrapes Flink's Prometheus reporter the way Prometheus does. */
public final class Prometheus {

    /** One sample: metric name, labels as written, value. */
    public record Sample(String name, String labels, double value) {
        public boolean hasLabel(String key, String value) {
            return labels.contains(key + "=\"" + value + "\"");
        }
    }

    private static final Pattern LINE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{[^}]*\\})?\\s+(\\S+)$");

    private final int port;

    public Prometheus(int port) {
        this.port = port;
    }

    public String scrapeText() {
        try {
            HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest
                    .newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).timeout(Duration.ofSeconds(10))
                    .build(), HttpResponse.BodyHandlers.ofString());
            return response.body();
        } catch (Exception e) {
            throw new IllegalStateException("cannot scrape metrics on port " + port, e);
        }
    }

    public List<Sample> scrape() {
        List<Sample> samples = new ArrayList<>();
        for (String line : scrapeText().split("\n")) {
            if (line.startsWith("#") || line.isBlank()) {
                continue;
            }
            Matcher m = LINE.matcher(line.trim());
            if (m.matches()) {
                samples.add(new Sample(m.group(1), m.group(2) == null ? "" : m.group(2), Double.parseDouble(m.group(3))));
            }
        }
        return samples;
    }

    /** The sum of a metric over all its series that carry the given label (or all, when label is null). */
    public double sum(String name, String labelKey, String labelValue) {
        return scrape().stream().filter(s -> s.name().equals(name))
                .filter(s -> labelKey == null || s.hasLabel(labelKey, labelValue))
                .mapToDouble(Sample::value).sum();
    }

    public boolean has(String name) {
        return scrape().stream().anyMatch(s -> s.name().equals(name));
    }
}
