package io.coursestream.topology.points;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The level curve: level 1 from {@code thresholds[0]} (0) points, level {@code n} from {@code thresholds[n-1]}.
 * Versioned, so a level carries the curve that placed it and {@code CalculateUserLevels} can name the curve it
 * expects. A total below 0 is level 1.
 */
public record LevelCurve(int version, List<Long> thresholds) {

    /** The shipped curve: each level costs a little more than the one before. */
    public static final LevelCurve DEFAULT = new LevelCurve(1,
            List.of(0L, 100L, 250L, 500L, 1_000L, 2_000L, 3_500L, 5_500L, 8_000L, 11_000L, 15_000L));

    public LevelCurve {
        Objects.requireNonNull(thresholds, "thresholds");
        thresholds = List.copyOf(thresholds);
        if (version < 1) {
            throw new IllegalArgumentException("a level curve version starts at 1, got " + version);
        }
        if (thresholds.isEmpty() || thresholds.get(0) != 0L) {
            throw new IllegalArgumentException("a level curve starts at 0 points, got " + thresholds);
        }
        for (int i = 1; i < thresholds.size(); i++) {
            if (thresholds.get(i) <= thresholds.get(i - 1)) {
                throw new IllegalArgumentException("level thresholds must increase, got " + thresholds);
            }
        }
    }

    /** Parses {@code "0,100,250"} (the processor's {@code coursestream.points.levels.thresholds}). */
    public static LevelCurve parse(int version, String thresholds) {
        try {
            return new LevelCurve(version,
                    Arrays.stream(thresholds.split(",")).map(String::trim).map(Long::valueOf).toList());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("level thresholds are whole points separated by commas, got '"
                    + thresholds + "'", e);
        }
    }

    public int levelFor(long totalPoints) {
        int level = 1;
        while (level < thresholds.size() && totalPoints >= thresholds.get(level)) {
            level++;
        }
        return level;
    }

    /** Points needed to reach {@code level}. */
    public long thresholdOf(int level) {
        return thresholds.get(Math.max(1, Math.min(level, thresholds.size())) - 1);
    }

    /** Points needed for the level after {@code level}; null at the highest level. */
    public Long nextThreshold(int level) {
        return level < thresholds.size() ? thresholds.get(level) : null;
    }

    public int highestLevel() {
        return thresholds.size();
    }
}
