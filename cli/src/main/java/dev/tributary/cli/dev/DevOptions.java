package dev.tributary.cli.dev;

import dev.tributary.api.Durations;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The arguments of {@code tributary dev}.
 *
 * @param dir the folder of YAML to run
 * @param maxRecords each generator writes this many records, then the run ends once the pipeline has caught up;
 *     null: until Ctrl-C or the duration
 * @param duration the run ends after this long; null: no limit
 * @param parallelism overrides dev's default parallelism; null: the Pipeline's, at most {@link #DEFAULT_MAX_PARALLELISM}
 * @param seed the generators' seed
 * @param rateOverride records per second instead of the generators' own rate (event time keeps its pace, timeScale
 *     seconds per second of the clock: more records per second of event time); null: theirs
 */
public record DevOptions(Path dir, Long maxRecords, Duration duration, Integer parallelism, long seed,
        Integer rateOverride) {

    static final int DEFAULT_MAX_PARALLELISM = 2;
    static final long DEFAULT_SEED = 42;

    public static final String USAGE = """
            usage: tributary dev DIR [--max-records N] [--duration D] [--parallelism N] [--seed N] [--rate N]

              dev        run the Pipeline in DIR on this machine, with no cluster: a Kafka broker (KRaft), its
                         topics as the operator creates them, the Sources' generators, the runtime on a Flink
                         MiniCluster, results printed as they arrive. State (broker data, checkpoints) is kept
                         in DIR/.tributary, so a second run resumes; delete that folder to start over.
                --max-records N  each generator writes N records; then the run waits until the pipeline has
                                 read them and committed its results, stops, and exits 0 when it ran healthy
                --duration D     stop after D (e.g. 90s, 5m), exit 0 when the pipeline ran healthy
                --parallelism N  default: the Pipeline's initial parallelism, at most 2
                --seed N         the generators' seed (default 42): the same seed gives the same records
                --rate N         records per second per generator instead of the declared rate; event time
                                 keeps its pace (timeScale x the clock), with more records per second of it
              Ctrl-C stops cleanly (exit code 130; SIGTERM: 143); state is kept for the next run, and the
              generators carry on from what their topics hold, also after a crash. One run per folder at a
              time: another run on the same folder exits at once (exit code 1).
            """;

    static DevOptions parse(List<String> args) {
        Path dir = null;
        Long maxRecords = null;
        Duration duration = null;
        Integer parallelism = null;
        long seed = DEFAULT_SEED;
        Integer rate = null;
        List<String> rest = new ArrayList<>(args);
        while (!rest.isEmpty()) {
            String arg = rest.remove(0);
            switch (arg) {
                case "--max-records" -> maxRecords = (long) positive(value(rest, arg), arg);
                case "--duration" -> duration = duration(value(rest, arg));
                case "--parallelism" -> parallelism = positive(value(rest, arg), arg);
                case "--seed" -> seed = number(value(rest, arg), arg);
                case "--rate" -> rate = positive(value(rest, arg), arg);
                default -> {
                    if (arg.startsWith("-")) {
                        throw new IllegalArgumentException("unknown option '" + arg + "'");
                    }
                    if (dir != null) {
                        throw new IllegalArgumentException("name one directory, not '" + dir + "' and '" + arg + "'");
                    }
                    dir = Path.of(arg);
                }
            }
        }
        if (dir == null) {
            throw new IllegalArgumentException("name the directory of the resources to run, e.g. samples/clickstream");
        }
        return new DevOptions(dir, maxRecords, duration, parallelism, seed, rate);
    }

    private static String value(List<String> rest, String arg) {
        if (rest.isEmpty()) {
            throw new IllegalArgumentException(arg + " needs a value");
        }
        return rest.remove(0);
    }

    private static int positive(String value, String arg) {
        long n = number(value, arg);
        if (n <= 0 || n > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(arg + " needs a positive whole number, not '" + value + "'");
        }
        return (int) n;
    }

    private static long number(String value, String arg) {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(arg + " needs a whole number, not '" + value + "'");
        }
    }

    private static Duration duration(String value) {
        try {
            return Durations.parse(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--duration needs a duration such as 90s or 5m, not '" + value + "'");
        }
    }
}
