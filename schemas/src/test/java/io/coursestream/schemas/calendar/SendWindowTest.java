// Tier: unit (the send window in the recipient's time zone, no Quarkus)
package io.coursestream.schemas.calendar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;

import org.junit.jupiter.api.Test;

class SendWindowTest {

    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
    private static final ZoneId TOKYO = ZoneId.of("Asia/Tokyo");

    @Test
    void shouldMoveARegistrationAt2300LocalTo0800TheNextLocalDay() {
        // given 23:00 on 28 November in Berlin (22:00 UTC)
        Instant registered = Instant.parse("2026-11-28T22:00:00Z");

        // when
        Instant next = SendWindow.DAYTIME.nextInstantInside(registered, BERLIN);

        // then 08:00 on 29 November in Berlin, 07:00 UTC
        assertThat(next).isEqualTo(Instant.parse("2026-11-29T07:00:00Z"));
        assertThat(next.atZone(BERLIN).toLocalTime()).isEqualTo(LocalTime.of(8, 0));
    }

    @Test
    void shouldMoveAnEarlyMorningToTheSameDaysStart() {
        // 05:30 in Tokyo on 1 December is 20:30 UTC on 30 November
        Instant early = Instant.parse("2026-11-30T20:30:00Z");

        assertThat(SendWindow.DAYTIME.nextInstantInside(early, TOKYO))
                .isEqualTo(ZonedDateTime.of(2026, 12, 1, 8, 0, 0, 0, TOKYO).toInstant());
    }

    @Test
    void shouldKeepAnInstantInsideTheWindowIncludingItsStartButNotItsEnd() {
        Instant start = ZonedDateTime.of(2026, 6, 1, 8, 0, 0, 0, BERLIN).toInstant();
        Instant noon = ZonedDateTime.of(2026, 6, 1, 12, 0, 0, 0, BERLIN).toInstant();
        Instant lastMinute = ZonedDateTime.of(2026, 6, 1, 20, 59, 59, 0, BERLIN).toInstant();
        Instant end = ZonedDateTime.of(2026, 6, 1, 21, 0, 0, 0, BERLIN).toInstant();

        assertThat(SendWindow.DAYTIME.nextInstantInside(start, BERLIN)).isEqualTo(start);
        assertThat(SendWindow.DAYTIME.nextInstantInside(noon, BERLIN)).isEqualTo(noon);
        assertThat(SendWindow.DAYTIME.nextInstantInside(lastMinute, BERLIN)).isEqualTo(lastMinute);
        assertThat(SendWindow.DAYTIME.nextInstantInside(end, BERLIN))
                .isEqualTo(ZonedDateTime.of(2026, 6, 2, 8, 0, 0, 0, BERLIN).toInstant());
    }

    @Test
    void shouldJudgeTheWindowByTheRecipientsZoneNotUtc() {
        // 14:00 UTC is 15:00 in Berlin (inside) but 23:00 in Tokyo (outside)
        Instant instant = Instant.parse("2026-06-01T14:00:00Z");

        assertThat(SendWindow.DAYTIME.nextInstantInside(instant, BERLIN)).isEqualTo(instant);
        assertThat(SendWindow.DAYTIME.nextInstantInside(instant, TOKYO))
                .isEqualTo(Instant.parse("2026-06-01T23:00:00Z")); // 08:00 on 2 June in Tokyo
    }

    @Test
    void shouldLandOn0800LocalAcrossTheSpringForwardNight() {
        // given 23:00 EST on 7 March 2026 (UTC-5); clocks jump from 02:00 to 03:00 that night
        Instant registered = ZonedDateTime.of(2026, 3, 7, 23, 0, 0, 0, NEW_YORK).toInstant();
        assertThat(registered).isEqualTo(Instant.parse("2026-03-08T04:00:00Z"));

        // when
        Instant next = SendWindow.DAYTIME.nextInstantInside(registered, NEW_YORK);

        // then 08:00 EDT (UTC-4): 8 hours later, not 9
        assertThat(next).isEqualTo(Instant.parse("2026-03-08T12:00:00Z"));
    }

    @Test
    void shouldLandOn0800LocalAcrossTheFallBackNight() {
        // given 23:00 CEST on 24 October 2026 (UTC+2); clocks go back from 03:00 to 02:00 that night
        Instant registered = ZonedDateTime.of(2026, 10, 24, 23, 0, 0, 0, BERLIN).toInstant();

        // when
        Instant next = SendWindow.DAYTIME.nextInstantInside(registered, BERLIN);

        // then 08:00 CET (UTC+1): 10 hours later, not 9
        assertThat(next).isEqualTo(Instant.parse("2026-10-25T07:00:00Z"));
    }

    @Test
    void shouldMoveAStartInsideTheSpringForwardGapOnByTheGap() {
        // given a window opening at 02:30, which does not exist in Berlin on 29 March 2026
        SendWindow window = new SendWindow(LocalTime.of(2, 30), LocalTime.of(21, 0));
        Instant before = ZonedDateTime.of(2026, 3, 29, 1, 0, 0, 0, BERLIN).toInstant();

        // then it opens at 03:30 CEST, 01:30 UTC
        assertThat(window.nextInstantInside(before, BERLIN)).isEqualTo(Instant.parse("2026-03-29T01:30:00Z"));
    }

    @Test
    void shouldHandleAWindowAcrossMidnight() {
        SendWindow night = new SendWindow(LocalTime.of(22, 0), LocalTime.of(6, 0));
        Instant lateEvening = ZonedDateTime.of(2026, 6, 1, 23, 0, 0, 0, BERLIN).toInstant();
        Instant earlyMorning = ZonedDateTime.of(2026, 6, 2, 5, 0, 0, 0, BERLIN).toInstant();
        Instant noon = ZonedDateTime.of(2026, 6, 2, 12, 0, 0, 0, BERLIN).toInstant();

        assertThat(night.nextInstantInside(lateEvening, BERLIN)).isEqualTo(lateEvening);
        assertThat(night.nextInstantInside(earlyMorning, BERLIN)).isEqualTo(earlyMorning);
        assertThat(night.nextInstantInside(noon, BERLIN))
                .isEqualTo(ZonedDateTime.of(2026, 6, 2, 22, 0, 0, 0, BERLIN).toInstant());
    }

    @Test
    void shouldRejectAnEmptyWindow() {
        assertThatThrownBy(() -> new SendWindow(LocalTime.of(8, 0), LocalTime.of(8, 0)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
