// Tier: unit (the welcome job's fields, no Kafka).
package io.coursestream.topology.onboarding;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.coursestream.schemas.calendar.SendWindow;
import io.coursestream.schemas.common.LocaleSettings;
import io.coursestream.schemas.jobs.CourseRecommendation;
import io.coursestream.schemas.jobs.JobCommand;
import io.coursestream.schemas.jobs.JobQueue;
import io.coursestream.schemas.jobs.JobType;
import io.coursestream.schemas.jobs.SendWelcomeEmail;
import io.coursestream.schemas.users.UserRegistered;
import io.coursestream.topology.testing.InputEvents;

class WelcomeJobsTest {

    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    private static final ZoneId UTC = ZoneId.of("UTC");
    private static final String USER = "0f8fad5b-d9cb-469f-a165-70867728950e";

    /** The window applied to a registration in Berlin decided at once. */
    private static Instant notBefore(Instant registeredAt) {
        return WelcomeJobs.notBefore(registeredAt, registeredAt, BERLIN, SendWindow.DAYTIME);
    }

    @Test
    void shouldDeriveTheSameJobIdFromTheUserIdEveryTime() {
        // When
        String jobId = WelcomeJobs.jobId(USER);

        // Then
        assertThat(jobId).isEqualTo(UUID.nameUUIDFromBytes(("welcome:" + USER).getBytes(StandardCharsets.UTF_8))
                .toString());
        assertThat(WelcomeJobs.jobId(USER)).isEqualTo(jobId);
        assertThat(WelcomeJobs.jobId("7c9e6679-7425-40de-944b-e07fc1f90ae7")).isNotEqualTo(jobId);
        assertThat(WelcomeJobs.uniqueKey(USER)).isEqualTo("welcome:" + USER);
    }

    @Test
    void shouldSendAtOnceInsideTheWindow() {
        // 10:00 and 08:00 (start inclusive) in Berlin, winter time
        assertThat(notBefore(Instant.parse("2026-11-02T09:00:00Z"))).isNull();
        assertThat(notBefore(Instant.parse("2026-11-02T07:00:00Z"))).isNull();
    }

    @Test
    void shouldWaitForTheNextMorningAfterTheWindowEnds() {
        // 21:00 (end exclusive) and 23:00 in Berlin wait for 08:00 the next day
        Instant nextMorning = Instant.parse("2026-11-03T07:00:00Z");
        assertThat(notBefore(Instant.parse("2026-11-02T20:00:00Z")))
                .isEqualTo(nextMorning);
        assertThat(notBefore(Instant.parse("2026-11-02T22:00:00Z")))
                .isEqualTo(nextMorning);
    }

    @Test
    void shouldWaitForTheSameMorningBeforeTheWindowStarts() {
        // 05:30 in Berlin
        assertThat(notBefore(Instant.parse("2026-11-03T04:30:00Z")))
                .isEqualTo(Instant.parse("2026-11-03T07:00:00Z"));
    }

    @Test
    void shouldWaitForTheMorningWhenARegistrationInsideTheWindowIsDecidedAfterItEnds() {
        // 20:30 in Berlin, decided at 21:30 (a lagging processor)
        assertThat(WelcomeJobs.notBefore(Instant.parse("2026-11-02T19:30:00Z"), Instant.parse("2026-11-02T20:30:00Z"),
                BERLIN, SendWindow.DAYTIME)).isEqualTo(Instant.parse("2026-11-03T07:00:00Z"));
    }

    @Test
    void shouldSendAtOnceWhenANightTimeRegistrationIsDecidedInsideTheNextWindow() {
        // 23:00 in Berlin, decided at 09:00 the next day
        assertThat(WelcomeJobs.notBefore(Instant.parse("2026-11-02T22:00:00Z"), Instant.parse("2026-11-03T08:00:00Z"),
                BERLIN, SendWindow.DAYTIME)).isNull();
    }

    @Test
    void shouldFallBackToTheDefaultZoneForAZoneTheJvmDoesNotKnow() {
        assertThat(WelcomeJobs.zoneOf("Europe/Atlantis", UTC)).isEqualTo(UTC);
        assertThat(WelcomeJobs.zoneOf("not a zone", BERLIN)).isEqualTo(BERLIN);
        assertThat(WelcomeJobs.zoneOf(null, UTC)).isEqualTo(UTC);
        assertThat(WelcomeJobs.zoneOf("America/New_York", UTC)).isEqualTo(ZoneId.of("America/New_York"));
    }

    @Test
    void shouldBuildAFirstAttemptOnTheEmailsQueueFromTheRegistration() {
        // Given: a registration at 23:00 in Berlin, decided a minute later
        Instant registeredAt = Instant.parse("2026-11-02T22:00:00Z");
        Instant now = registeredAt.plusSeconds(60);
        UserRegistered registered = UserRegistered.newBuilder(InputEvents.userRegistered(USER, registeredAt))
                .setLocaleSettings(new LocaleSettings("de-DE", "Europe/Berlin")).build();
        List<CourseRecommendation> recommendations = List.of(new CourseRecommendation("k", "Kafka", "de", 3L));

        // When
        JobCommand command = WelcomeJobs.request(registered, recommendations, OnboardingSettings.DEFAULTS, now);

        // Then
        assertThat(command.getJobId()).isEqualTo(WelcomeJobs.jobId(USER));
        assertThat(command.getType()).isEqualTo(JobType.SEND_WELCOME_EMAIL);
        assertThat(command.getQueue()).isEqualTo(JobQueue.EMAILS);
        assertThat(command.getAttempt()).isEqualTo(1);
        assertThat(command.getMaxAttempts()).as("the queue's policy decides").isZero();
        assertThat(command.getNotBefore()).isEqualTo(Instant.parse("2026-11-03T07:00:00Z"));
        assertThat(command.getRetryUntil()).isNull();
        assertThat(command.getUniqueKey()).isEqualTo("welcome:" + USER);
        assertThat(command.getCorrelationId()).isEqualTo(registered.getMetadata().getCorrelationId());
        assertThat(command.getCausationId()).isEqualTo(registered.getMetadata().getEventId().toString());
        assertThat(command.getEnqueuedAt()).isEqualTo(now);
        assertThat(command.getFirstEnqueuedAt()).isEqualTo(now);
        assertThat(command.getRequeuedBy()).isNull();
        assertThat(command.getPreviousErrors()).isEmpty();
        assertThat(command.getPayload()).isEqualTo(SendWelcomeEmail.newBuilder()
                .setUserId(USER)
                .setEmail(registered.getEmail())
                .setDisplayName(registered.getDisplayName())
                .setLocaleSettings(new LocaleSettings("de-DE", "Europe/Berlin"))
                .setOwnReferralCode(registered.getOwnReferralCode())
                .setRecommendations(recommendations)
                .setRegisteredAt(registeredAt)
                .build());
    }

    @Test
    void shouldApplyTheConfiguredWindow() {
        // Given: a window of 09:00-17:00; 08:30 in Berlin
        OnboardingSettings officeHours = new OnboardingSettings(new SendWindow(LocalTime.of(9, 0), LocalTime.of(17, 0)),
                UTC, 3, OnboardingSettings.DEFAULTS.staleAfter());
        Instant registeredAt = Instant.parse("2026-11-03T07:30:00Z");
        UserRegistered registered = UserRegistered.newBuilder(InputEvents.userRegistered(USER, registeredAt))
                .setLocaleSettings(new LocaleSettings("de-DE", "Europe/Berlin")).build();

        // When
        JobCommand command = WelcomeJobs.request(registered, List.of(), officeHours, registeredAt);

        // Then
        assertThat(command.getNotBefore()).isEqualTo(Instant.parse("2026-11-03T08:00:00Z"));
    }
}
