// Tier: unit (the shipped application.properties read through the PointsConfig mapping, no Quarkus)
package io.coursestream.processor.points;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.coursestream.topology.points.LevelCurve;
import io.coursestream.topology.points.PointsSettings;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;

class PointsConfigTest {

    @Test
    void shouldShipTheDefaultSettingsWrittenOut() throws Exception {
        assertThat(shipped(Map.of()).settings()).isEqualTo(PointsSettings.DEFAULTS);
    }

    @Test
    void shouldDefaultToTheTopologysDefaultsWhenNothingIsSet() {
        PointsConfig config = new SmallRyeConfigBuilder().withMapping(PointsConfig.class).build()
                .getConfigMapping(PointsConfig.class);

        assertThat(config.settings()).isEqualTo(PointsSettings.DEFAULTS);
    }

    @Test
    void shouldOverrideOnlyWhatIsSet() throws Exception {
        PointsSettings settings = shipped(Map.of(
                "coursestream.points.levels.version", "2",
                "coursestream.points.levels.thresholds", "0, 50, 200",
                "coursestream.points.guard.min-gap", "PT0S")).settings();

        assertThat(settings.levels()).isEqualTo(new LevelCurve(2, List.of(0L, 50L, 200L)));
        assertThat(settings.minGap()).isEqualTo(Duration.ZERO);
        assertThat(settings.maxAwards()).isEqualTo(PointsSettings.DEFAULTS.maxAwards());
        assertThat(settings.awardWindow()).isEqualTo(PointsSettings.DEFAULTS.awardWindow());
    }

    @Test
    void shouldNameAnInvalidCurveOrGuard() throws Exception {
        assertThatThrownBy(() -> shipped(Map.of("coursestream.points.levels.thresholds", "0,100,90")).settings())
                .hasMessageStartingWith("coursestream.points.levels: level thresholds must increase");
        assertThatThrownBy(() -> shipped(Map.of("coursestream.points.levels.thresholds", "0,ten")).settings())
                .hasMessageStartingWith("coursestream.points.levels: level thresholds are whole points");
        assertThatThrownBy(() -> shipped(Map.of("coursestream.points.guard.max-awards", "0")).settings())
                .hasMessageStartingWith("coursestream.points: the cheat guard allows at least 1 award");
    }

    private static PointsConfig shipped(Map<String, String> overrides) throws Exception {
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .withSources(new PropertiesConfigSource(
                        PointsConfigTest.class.getResource("/application.properties"), 100))
                .withSources(new PropertiesConfigSource(overrides, "overrides", 200))
                .withMapping(PointsConfig.class)
                .build();
        return config.getConfigMapping(PointsConfig.class);
    }
}
