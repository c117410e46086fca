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
 * @param maxDeadLetterPercent a {@code --max-records} run fails when more than this share of the records read went
 *     to dead letters
 */
public record DevOptions(Path dir, Long maxRecords, Duration duration, Integer parallelism, long seed,
        Integer rateOverride, double maxDeadLetterPercent) {

    static final int DEFAULT_MAX_PARALLELISM = 2;
    static final long DEFAULT_SEED = 42;
    static final double DEFAULT_MAX_DEAD_LETTER_PERCENT = 10;

    public static final String USAGE = """
            usage: tributary dev DIR [--max-records N] [--duration D] [--max-dead-letters P] [--parallelism N]
                                     [--seed N] [--rate N]

              dev        run the Pipeline in DIR on this machine, with no cluster: a Kafka broker (KRaft), its
                         topics as the operator creates them, the Sources' generators, the runtime on a Flink
                         MiniCluster, results printed as they arrive. State (broker data, checkpoints) is kept
                         in DIR/.tributary, so a second run resumes; delete that folder to start over. Everything
                         dev starts listens on 127.0.0.1 only.
                --max-records N  each generator writes N records; then the run waits until the pipeline has
                                 read them and committed its results, and stops
                --duration D     stop after D (e.g. 90s, 5m)
                --max-dead-letters P
                                 a --max-records run fails when more than P %% of the records read went to
                                 dead letters (default %s)
                --parallelism N  default: the Pipeline's initial parallelism, at most 2
                --seed N         the generators' seed (default 42): the same seed gives the same records
                --rate N         records per second per generator instead of the declared rate; event time
                                 keeps its pace (timeScale x the clock), with more records per second of it
              Dead letters are counted by reason as they come (each new reason printed with an example), and
              listed at the end; `--max-records` runs check that something useful happened.
              Exit codes: 0 the run was healthy; 1 problems: invalid resources, the folder in use by another
              run, the job failed or restarted, a generator could not write (e.g. the broker refused its
              records), or - with --max-records - no record reached a sink or more than P %% were dead
              letters (the reasons are printed after "failed:"); 2 usage; stopped by a signal, 128 + its
              number: 130 Ctrl-C, 143 SIGTERM, 129 SIGHUP. State is kept for the next run, and the generators
              carry on from what their topics hold, also after a crash. One run per folder at a time: another
              run on the same folder exits at once (exit code 1), leaving the first unharmed.
            """.formatted(RunVerdict.percentText(DEFAULT_MAX_DEAD_LETTER_PERCENT));

    static DevOptions parse(List<String> args) {
        Path dir = null;
        Long maxRecords = null;
        Duration duration = null;
        Integer parallelism = null;
        long seed = DEFAULT_SEED;
        Integer rate = null;
        double maxDeadLetters = DEFAULT_MAX_DEAD_LETTER_PERCENT;
        List<String> rest = new ArrayList<>(args);
        while (!rest.isEmpty()) {
            String arg = rest.remove(0);
            switch (arg) {
                case "--max-records" -> maxRecords = (long) positive(value(rest, arg), arg);
                case "--duration" -> duration = duration(value(rest, arg));
                case "--parallelism" -> parallelism = positive(value(rest, arg), arg);
                case "--seed" -> seed = number(value(rest, arg), arg);
                case "--rate" -> rate = positive(value(rest, arg), arg);
                case "--max-dead-letters" -> maxDeadLetters = percent(value(rest, arg), arg);
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
        return new DevOptions(dir, maxRecords, duration, parallelism, seed, rate, maxDeadLetters);
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

    private static double percent(String value, String arg) {
        try {
            double percent = Double.parseDouble(value.endsWith("%") ? value.substring(0, value.length() - 1) : value);
            if (percent >= 0 && percent <= 100) {
                return percent;
            }
        } catch (NumberFormatException e) {
            // said below
        }
        throw new IllegalArgumentException(arg + " needs a percentage from 0 to 100, e.g. 10 or 2.5, not '" + value
                + "'");
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
