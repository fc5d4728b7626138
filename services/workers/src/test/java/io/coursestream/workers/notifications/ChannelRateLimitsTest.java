// Tier: unit (the per-channel token buckets on a controllable clock, no Quarkus)
package io.coursestream.workers.notifications;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.coursestream.schemas.notifications.NotificationChannel;
import io.coursestream.workers.FakeTime;
import io.coursestream.workers.JobRateLimits;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

class ChannelRateLimitsTest {

    private final FakeTime time = new FakeTime();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    @Test
    void shouldGiveTheBurstAtOnceThenWaitForTheRefill() throws Exception {
        // given 2 e-mails per second with a burst of 2
        ChannelRateLimits limits = new ChannelRateLimits(
                Map.of(NotificationChannel.EMAIL, new JobRateLimits.Limit(2, Duration.ofSeconds(1), 2)), time, time,
                meters);

        // when three are sent
        assertThat(limits.acquire(NotificationChannel.EMAIL, Duration.ofSeconds(5))).isTrue();
        assertThat(limits.acquire(NotificationChannel.EMAIL, Duration.ofSeconds(5))).isTrue();
        assertThat(time.elapsedMillis()).isZero();
        assertThat(limits.acquire(NotificationChannel.EMAIL, Duration.ofSeconds(5))).isTrue();

        // then the third waited half a second for its token, and the wait was recorded
        assertThat(time.elapsedMillis()).isEqualTo(500);
        assertThat(meters.get("coursestream.notifications.rate-limit.wait").tag("channel", "EMAIL").timer().count())
                .isEqualTo(3);
        assertThat(meters.get("coursestream.notifications.rate-limit.wait").tag("channel", "EMAIL").timer()
                .max(java.util.concurrent.TimeUnit.MILLISECONDS)).isEqualTo(500);
    }

    @Test
    void shouldRefuseWithoutWaitingPastTheMaximumWait() throws Exception {
        // given one webhook per minute, already used
        ChannelRateLimits limits = new ChannelRateLimits(
                Map.of(NotificationChannel.WEBHOOK, new JobRateLimits.Limit(1, Duration.ofMinutes(1), 1)), time, time,
                meters);
        assertThat(limits.acquire(NotificationChannel.WEBHOOK, Duration.ofSeconds(1))).isTrue();

        // when the next may wait 30 s, or not at all
        assertThat(limits.acquire(NotificationChannel.WEBHOOK, Duration.ofSeconds(30))).isFalse();
        assertThat(limits.acquire(NotificationChannel.WEBHOOK, Duration.ZERO)).isFalse();

        // then no time passed for it; a minute later a token is there without waiting
        assertThat(time.elapsedMillis()).isZero();
        time.advance(Duration.ofMinutes(1));
        assertThat(limits.acquire(NotificationChannel.WEBHOOK, Duration.ZERO)).isTrue();
    }

    @Test
    void shouldKeepChannelsApartAndLeaveAnUnconfiguredChannelUnlimited() throws Exception {
        // given a limit on e-mail only
        ChannelRateLimits limits = new ChannelRateLimits(
                Map.of(NotificationChannel.EMAIL, new JobRateLimits.Limit(1, Duration.ofHours(1), 1)), time, time,
                meters);
        assertThat(limits.acquire(NotificationChannel.EMAIL, Duration.ZERO)).isTrue();

        // then e-mail is exhausted while in-app posts are not limited at all
        assertThat(limits.acquire(NotificationChannel.EMAIL, Duration.ZERO)).isFalse();
        for (int i = 0; i < 1_000; i++) {
            assertThat(limits.acquire(NotificationChannel.IN_APP, Duration.ZERO)).isTrue();
        }
        assertThat(time.elapsedMillis()).isZero();
    }

    @Test
    void shouldStopWaitingWhenInterrupted() {
        ChannelRateLimits limits = new ChannelRateLimits(
                Map.of(NotificationChannel.EMAIL, new JobRateLimits.Limit(1, Duration.ofSeconds(10), 1)), time, time,
                meters);
        Thread.currentThread().interrupt();
        try {
            assertThatThrownBy(() -> {
                limits.acquire(NotificationChannel.EMAIL, Duration.ZERO);
                limits.acquire(NotificationChannel.EMAIL, Duration.ofSeconds(30));
            }).isInstanceOf(InterruptedException.class);
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    void shouldNameChannelsInKebabCaseAndRefuseAnUnknownKey() {
        assertThat(ChannelRateLimits.key(NotificationChannel.IN_APP)).isEqualTo("in-app");
        assertThat(ChannelRateLimits.channel("in-app")).isEqualTo(NotificationChannel.IN_APP);
        assertThat(ChannelRateLimits.channel("email")).isEqualTo(NotificationChannel.EMAIL);
        assertThat(ChannelRateLimits.channel("webhook")).isEqualTo(NotificationChannel.WEBHOOK);
        assertThatThrownBy(() -> ChannelRateLimits.channel("sms"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("coursestream.notifications.channels.sms names no channel");
        assertThatThrownBy(() -> ChannelRateLimits.channel("unknown")).isInstanceOf(IllegalArgumentException.class);
    }
}
