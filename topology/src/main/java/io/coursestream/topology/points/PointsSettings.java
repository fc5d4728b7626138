package io.coursestream.topology.points;

import java.time.Duration;
import java.util.Objects;

/**
 * What the points topology is configured with (the processor's {@code coursestream.points.*}).
 *
 * @param levels          the level curve
 * @param maxAwards       the cheat guard's limit of awards per user per {@code awardWindow}
 * @param awardWindow     the window of {@code maxAwards}, in event time
 * @param minGap          the shortest event-time gap between two identical actions (same activity, same subject)
 * @param rulesCheckEvery how often (wall clock) a task looks for a retroactive rule version that took effect
 */
public record PointsSettings(LevelCurve levels, int maxAwards, Duration awardWindow, Duration minGap,
        Duration rulesCheckEvery) {

    public static final PointsSettings DEFAULTS = new PointsSettings(LevelCurve.DEFAULT, 10, Duration.ofSeconds(60),
            Duration.ofSeconds(180), Duration.ofSeconds(1));

    public PointsSettings {
        Objects.requireNonNull(levels, "levels");
        if (maxAwards < 1) {
            throw new IllegalArgumentException("the cheat guard allows at least 1 award per window, got " + maxAwards);
        }
        if (awardWindow.isNegative() || awardWindow.isZero() || minGap.isNegative()
                || rulesCheckEvery.isNegative() || rulesCheckEvery.isZero()) {
            throw new IllegalArgumentException("points durations must be positive (the minimum gap may be 0)");
        }
    }

    public PointsSettings withLevels(LevelCurve curve) {
        return new PointsSettings(curve, maxAwards, awardWindow, minGap, rulesCheckEvery);
    }
}
