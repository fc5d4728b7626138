// Tier: unit test of a rule (no Kafka).
package io.coursestream.topology.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class BackoffTest {

    @Test
    void shouldRepeatTheLastValueOfABackoffArray() {
        // Given
        Backoff backoff = Backoff.of(Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofSeconds(30));

        // When / Then
        assertThat(backoff.delayAfter(1)).isEqualTo(Duration.ofSeconds(1));
        assertThat(backoff.delayAfter(2)).isEqualTo(Duration.ofSeconds(5));
        assertThat(backoff.delayAfter(3)).isEqualTo(Duration.ofSeconds(30));
        assertThat(backoff.delayAfter(7)).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void shouldGrowExponentiallyUpToTheCap() {
        // Given
        Backoff backoff = Backoff.exponential(Duration.ofSeconds(10), 2, Duration.ofSeconds(60));

        // When / Then
        assertThat(backoff.delayAfter(1)).isEqualTo(Duration.ofSeconds(10));
        assertThat(backoff.delayAfter(2)).isEqualTo(Duration.ofSeconds(20));
        assertThat(backoff.delayAfter(3)).isEqualTo(Duration.ofSeconds(40));
        assertThat(backoff.delayAfter(4)).isEqualTo(Duration.ofSeconds(60));
        assertThat(backoff.delayAfter(1_000)).isEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void shouldGrowLinearlyByTheStep() {
        // Given
        Backoff backoff = Backoff.linear(Duration.ofSeconds(30));

        // When / Then
        assertThat(backoff.delayAfter(1)).isEqualTo(Duration.ofSeconds(30));
        assertThat(backoff.delayAfter(2)).isEqualTo(Duration.ofSeconds(60));
        assertThat(backoff.delayAfter(3)).isEqualTo(Duration.ofSeconds(90));
    }

    @Test
    void shouldRejectAnAttemptBeforeTheFirst() {
        assertThatThrownBy(() -> Backoff.linear(Duration.ofSeconds(1)).delayAfter(0))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldRejectAnEmptyBackoffArray() {
        assertThatThrownBy(Backoff::of).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldParseEachKindFromConfiguration() {
        assertThat(Backoff.parse("PT10S, PT60S,PT300S"))
                .isEqualTo(Backoff.of(Duration.ofSeconds(10), Duration.ofSeconds(60), Duration.ofSeconds(300)));
        assertThat(Backoff.parse("exponential:PT10S:2:PT10M"))
                .isEqualTo(Backoff.exponential(Duration.ofSeconds(10), 2, Duration.ofMinutes(10)));
        assertThat(Backoff.parse("Linear:PT30S")).isEqualTo(Backoff.linear(Duration.ofSeconds(30)));
    }

    @Test
    void shouldNameWhatIsWrongWithAConfiguredBackoff() {
        assertThatThrownBy(() -> Backoff.parse("exponential:PT10S"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'exponential:PT10S'");
        assertThatThrownBy(() -> Backoff.parse("10 seconds"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("not a backoff: '10 seconds'");
        assertThatThrownBy(() -> Backoff.parse("linear:-PT1S")).isInstanceOf(IllegalArgumentException.class);
    }
}
