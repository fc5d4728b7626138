package io.coursestream.processor.points;

import java.time.Duration;

import io.coursestream.topology.points.LevelCurve;
import io.coursestream.topology.points.PointsSettings;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * {@code coursestream.points.*}: the points ledger's level curve and cheat guard in the stream processor. The
 * defaults are {@link PointsSettings#DEFAULTS}; application.properties writes them out.
 */
@ConfigMapping(prefix = "coursestream.points")
public interface PointsConfig {

    Levels levels();

    Guard guard();

    /** How often (wall clock) a task looks for a retroactive rule version that took effect. */
    @WithDefault("PT1S")
    Duration rulesCheckInterval();

    /** {@code coursestream.points.levels.*}: the level curve. */
    interface Levels {

        /** The curve's version: levels name the curve that placed them, so raise it with every change. */
        @WithDefault("1")
        int version();

        /** Points needed for level 1, 2, 3, ... ({@code 0,100,250}), increasing, starting at 0. */
        @WithDefault("0,100,250,500,1000,2000,3500,5500,8000,11000,15000")
        String thresholds();
    }

    /** {@code coursestream.points.guard.*}: the cheat guard. */
    interface Guard {

        /** Awards allowed per user within {@link #window()} of event time. */
        @WithDefault("10")
        int maxAwards();

        /** The window of {@link #maxAwards()}. */
        @WithDefault("PT60S")
        Duration window();

        /** Shortest event-time gap between two identical actions (same activity, same subject); 0 allows any. */
        @WithDefault("PT180S")
        Duration minGap();
    }

    /**
     * These settings for the points topology.
     *
     * @throws IllegalArgumentException for an invalid value, naming its key
     */
    default PointsSettings settings() {
        LevelCurve curve;
        try {
            curve = LevelCurve.parse(levels().version(), levels().thresholds());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("coursestream.points.levels: " + e.getMessage(), e);
        }
        try {
            return new PointsSettings(curve, guard().maxAwards(), guard().window(), guard().minGap(),
                    rulesCheckInterval());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("coursestream.points: " + e.getMessage(), e);
        }
    }
}
