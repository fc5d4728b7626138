// Tier: unit (settings validation, no Kafka).
package io.coursestream.topology.onboarding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.ZoneId;

import org.junit.jupiter.api.Test;

import io.coursestream.schemas.calendar.SendWindow;

class OnboardingSettingsTest {

    private static final ZoneId UTC = ZoneId.of("UTC");

    @Test
    void shouldDefaultToDaytimeUtcThreeCoursesAndTwoDays() {
        assertThat(OnboardingSettings.DEFAULTS).isEqualTo(
                new OnboardingSettings(SendWindow.DAYTIME, UTC, 3, Duration.ofDays(2)));
    }

    @Test
    void shouldAllowAMailWithoutRecommendations() {
        assertThat(new OnboardingSettings(SendWindow.DAYTIME, UTC, 0, Duration.ofDays(2)).recommendations()).isZero();
    }

    @Test
    void shouldRefuseANegativeNumberOfRecommendations() {
        assertThatThrownBy(() -> new OnboardingSettings(SendWindow.DAYTIME, UTC, -1, Duration.ofDays(2)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("-1");
    }

    @Test
    void shouldRefuseAStaleLimitThatIsNotPositive() {
        assertThatThrownBy(() -> new OnboardingSettings(SendWindow.DAYTIME, UTC, 3, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new OnboardingSettings(SendWindow.DAYTIME, UTC, 3, Duration.ofHours(-1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldRefuseMissingParts() {
        assertThatThrownBy(() -> new OnboardingSettings(null, UTC, 3, Duration.ofDays(2)))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("sendWindow");
        assertThatThrownBy(() -> new OnboardingSettings(SendWindow.DAYTIME, null, 3, Duration.ofDays(2)))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("defaultZone");
        assertThatThrownBy(() -> new OnboardingSettings(SendWindow.DAYTIME, UTC, 3, null))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("staleAfter");
    }
}
