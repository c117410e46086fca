package dev.tributary.cli.dev;

import dev.tributary.api.plan.SourcePlan;
import dev.tributary.api.v1alpha1.GeneratorSpec;
import dev.tributary.api.v1alpha1.Source;
import dev.tributary.runtime.generator.GeneratorFeed;
import dev.tributary.runtime.generator.GeneratorPosition;
import dev.tributary.runtime.generator.RecordGenerator;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The Sources' generators, writing into their topics on the local broker. Each carries on where the last run
 * stopped, as its topic says: every generated record carries its index and nominal event time as headers, so a run
 * that was killed (nothing saved) still carries on without writing a record twice.
 */
final class GeneratedSources implements AutoCloseable {

    private final DevState state;
    private final List<Feed> feeds = new ArrayList<>();

    private record Feed(String source, String topic, GeneratorFeed feed, Thread thread) {
    }

    GeneratedSources(DevState state) {
        this.state = state;
    }

    /** Starts the generator of each source that has one; returns one line per source saying what it does. */
    List<String> start(List<SourcePlan> plans, Map<String, Source> sources, Map<String, Object> kafka,
            DevOptions options) {
        List<String> lines = new ArrayList<>();
        for (SourcePlan plan : plans) {
            GeneratorSpec spec = sources.get(plan.name()).getSpec().generator;
            if (spec == null) {
                lines.add(plan.name() + ": no generator; write into topic " + plan.topic() + " yourself");
                continue;
            }
            int rate = options.rateOverride() == null ? spec.ratePerSecond : options.rateOverride();
            double eventMsPerRecord = RecordGenerator.eventMsPerRecord(spec, rate);
            GeneratorPosition start = GeneratorPosition.lastWritten(plan.topic(), kafka)
                    .map(written -> resumeFrom(plan.name(), written, eventMsPerRecord))
                    .orElseGet(() -> new GeneratorPosition(0, System.currentTimeMillis() / 1000 * 1000));
            long next = start.nextIndex();
            long limit = options.maxRecords() == null ? Long.MAX_VALUE : options.maxRecords();
            if (spec.maxRecords != null) {
                limit = Math.min(limit, Math.max(0, spec.maxRecords - next));
            }
            RecordGenerator generator = new RecordGenerator(spec, plan.fields(), plan.format(),
                    options.seed() * 31 + plan.name().hashCode(), start, rate, generators(sources));
            GeneratorFeed feed = new GeneratorFeed(generator, plan.topic(), kafka, rate, limit);
            Thread thread = new Thread(feed, "generate-" + plan.name());
            thread.setDaemon(true);
            feeds.add(new Feed(plan.name(), plan.topic(), feed, thread));
            thread.start();
            lines.add(plan.name() + ": generating " + rate + " records/s into " + plan.topic()
                    + (limit == Long.MAX_VALUE ? "" : ", " + limit + " in all")
                    + (spec.timeScaleOrDefault() == 1 ? "" : ", event time " + spec.timeScaleOrDefault() + "x faster"
                            + " than the clock")
                    + (rate == spec.ratePerSecond ? "" :  " (instead of " + spec.ratePerSecond + "/s: event time keeps"
                            + " its pace, with more records per second of it)")
                    + (next == 0 ? "" : ", carrying on from record " + next));
        }
        return lines;
    }

    /** Every Source's generator, by Source name, for generator fields that look up another Source's values. */
    private static Map<String, GeneratorSpec> generators(Map<String, Source> sources) {
        Map<String, GeneratorSpec> generators = new HashMap<>();
        sources.forEach((name, source) -> {
            if (source.getSpec() != null && source.getSpec().generator != null) {
                generators.put(name, source.getSpec().generator);
            }
        });
        return generators;
    }

    /**
     * The position after the topic's last generated record; for a topic written before records carried their
     * position, where the last clean stop saved it (or, failing that, after as many records as the topic holds).
     */
    private GeneratorPosition resumeFrom(String source, GeneratorPosition.Written written, double eventMsPerRecord) {
        if (written.lastIndex() >= 0) {
            return written.next(eventMsPerRecord);
        }
        long next = state.get(source + ".next", written.records());
        long anchor = state.get(source + ".anchor", System.currentTimeMillis() / 1000 * 1000);
        return new GeneratorPosition(next, anchor + (long) (next * eventMsPerRecord));
    }

    boolean any() {
        return !feeds.isEmpty();
    }

    long produced() {
        return feeds.stream().mapToLong(f -> f.feed().produced()).sum();
    }

    /** Records the broker refused (sent, not written), over all generators. */
    long rejected() {
        return feeds.stream().mapToLong(f -> f.feed().rejected()).sum();
    }

    /** Why the broker refused the first refused record, naming its Source; null when none was refused. */
    String firstRejection() {
        return feeds.stream().filter(f -> f.feed().firstRejection() != null).findFirst()
                .map(f -> "Source " + f.source() + " into " + f.topic() + ": " + f.feed().firstRejection())
                .orElse(null);
    }

    boolean done() {
        return feeds.stream().allMatch(f -> f.feed().done() || !f.thread().isAlive());
    }

    /** The first generator failure, as a message; null when all are fine. */
    String failure() {
        return feeds.stream().filter(f -> f.feed().failure() != null).findFirst()
                .map(f -> "the generator of Source " + f.source() + " failed: " + f.feed().failure().getMessage())
                .orElse(null);
    }

    /** Stops the generators; the topics say where each stopped. */
    @Override
    public void close() {
        for (Feed f : feeds) {
            f.feed().stop();
            try {
                f.thread().join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
