package io.coursestream.systemtests;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;

/**
 * How a benchmark times a phase against its baseline, as JMH times a benchmark: untimed warm-up rounds, then timed
 * rounds, each a full-size run of the phase and then of the baseline, and each result the median timed round's.
 *
 * <p>Why so many: through six untimed rounds in one JVM, the job runtime ran 1,080, 3,148, 4,717, 4,016, 3,333 and
 * 3,783 jobs/s and raw consume+produce 8,002, 13,048, 15,718, 11,852, 13,874 and 21,029; the points topology 2,253,
 * 4,490, 4,812, 5,720, 4,925 and 7,077 events/s. The JIT compilers of the broker and of both applications were still
 * at work after a single warm-up round, and one timed round of each phase gave a ratio that a neighbouring round
 * could move by half. The medians of several rounds, after several more untimed, are what a long-running system
 * does.
 *
 * @param <M> what a run of the measured phase reports
 * @param <B> what a run of the baseline reports
 */
final class Rounds<M, B> {

    /** The system property that sets the untimed rounds of each phase. */
    static final String WARM_UPS = "coursestream.bench.warm-ups";
    /** The system property that sets the timed rounds of each phase. */
    static final String TIMED = "coursestream.bench.rounds";
    private static final int DEFAULT_WARM_UPS = 5;
    private static final int DEFAULT_TIMED = 3;

    private final List<Double> measuredWarmUps = new ArrayList<>();
    private final List<Double> baselineWarmUps = new ArrayList<>();
    private final List<M> measured = new ArrayList<>();
    private final List<B> baseline = new ArrayList<>();
    private final ToDoubleFunction<M> measuredRate;
    private final ToDoubleFunction<B> baselineRate;

    private Rounds(ToDoubleFunction<M> measuredRate, ToDoubleFunction<B> baselineRate) {
        this.measuredRate = measuredRate;
        this.baselineRate = baselineRate;
    }

    /** The rounds the system properties ask for (by default 5 untimed and 3 timed). */
    static <M, B> Rounds<M, B> run(Callable<M> measured, ToDoubleFunction<M> measuredRate, Callable<B> baseline,
            ToDoubleFunction<B> baselineRate) throws Exception {
        return run(measured, measuredRate, baseline, baselineRate, count(WARM_UPS, DEFAULT_WARM_UPS, 0),
                count(TIMED, DEFAULT_TIMED, 1));
    }

    /** {@code warmUps} untimed rounds, then {@code timed} timed ones; each call of a phase is one full-size run. */
    static <M, B> Rounds<M, B> run(Callable<M> measured, ToDoubleFunction<M> measuredRate, Callable<B> baseline,
            ToDoubleFunction<B> baselineRate, int warmUps, int timed) throws Exception {
        Rounds<M, B> rounds = new Rounds<>(measuredRate, baselineRate);
        for (int round = 0; round < warmUps; round++) {
            rounds.measuredWarmUps.add(measuredRate.applyAsDouble(measured.call()));
            rounds.baselineWarmUps.add(baselineRate.applyAsDouble(baseline.call()));
        }
        for (int round = 0; round < timed; round++) {
            rounds.measured.add(measured.call());
            rounds.baseline.add(baseline.call());
        }
        return rounds;
    }

    private static int count(String property, int fallback, int least) {
        int count = Integer.getInteger(property, fallback);
        if (count < least) {
            throw new IllegalArgumentException(property + " must be " + least + " or more, not " + count);
        }
        return count;
    }

    /** The measured phase's median timed round (of an even count, the slower of the middle two). */
    M measured() {
        return median(measured, measuredRate);
    }

    /** The baseline's median timed round (of an even count, the slower of the middle two). */
    B baseline() {
        return median(baseline, baselineRate);
    }

    private static <T> T median(List<T> rounds, ToDoubleFunction<T> rate) {
        List<T> sorted = new ArrayList<>(rounds);
        sorted.sort(Comparator.comparingDouble(rate));
        return sorted.get((sorted.size() - 1) / 2);
    }

    /** The rounds' throughputs as lines of the benchmark's output, {@code unit} after each phase's. */
    String summary(String measuredName, String baselineName, String unit) {
        String phase = "%n    %-21s untimed %s; timed %s %s";
        return String.format(Locale.ROOT, "rounds, each phase in turn: %d untimed, then %d timed (the figures above"
                + " are the median timed round's)" + phase + phase, measuredWarmUps.size(), measured.size(),
                measuredName, rates(measuredWarmUps, Double::doubleValue), rates(measured, measuredRate), unit,
                baselineName, rates(baselineWarmUps, Double::doubleValue), rates(baseline, baselineRate), unit);
    }

    private static <T> String rates(List<T> rounds, ToDoubleFunction<T> rate) {
        return rounds.isEmpty() ? "none"
                : rounds.stream().map(round -> String.format(Locale.ROOT, "%.0f", rate.applyAsDouble(round)))
                        .collect(Collectors.joining(", "));
    }
}
