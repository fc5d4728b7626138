// Tier: unit (how SendWelcomeEmailHandler reads its payload and command, no Quarkus)
package io.coursestream.workers.notifications;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.coursestream.schemas.common.LocaleSettings;
import io.coursestream.schemas.jobs.CourseRecommendation;
import io.coursestream.schemas.jobs.JobCommand;
import io.coursestream.schemas.jobs.JobQueue;
import io.coursestream.schemas.jobs.JobType;
import io.coursestream.schemas.jobs.SendWelcomeEmail;
import io.coursestream.workers.FatalJobException;

class SendWelcomeEmailHandlerTest {

    private static final WelcomeMail.AffiliateTerms TERMS =
            new WelcomeMail.AffiliateTerms(new BigDecimal("0.20"), 30, 5_000, "USD");

    @Test
    void shouldBuildTheWelcomeMailFromThePayloadAndTheConfiguredTerms() {
        WelcomeMail mail = SendWelcomeEmailHandler.welcomeMail(payload("user-1", "jana@example.org"), TERMS);

        assertThat(mail.userId()).isEqualTo("user-1");
        assertThat(mail.email()).isEqualTo("jana@example.org");
        assertThat(mail.displayName()).isEqualTo("Jana");
        assertThat(mail.languageTag()).isEqualTo("de-AT");
        assertThat(mail.timezone()).isEqualTo("Europe/Vienna");
        assertThat(mail.referralCode()).isEqualTo("JANA42");
        assertThat(mail.recommendations()).containsExactly(
                new WelcomeMail.Recommendation("kafka-101", "Kafka für Einsteiger", 12_345),
                new WelcomeMail.Recommendation("java-streams", "Java Streams", 987));
        assertThat(mail.terms()).isEqualTo(TERMS);
        assertThat(mail.registeredAt()).isEqualTo(Instant.parse("2026-11-28T21:00:00Z"));
    }

    @Test
    void shouldRefuseAPayloadWithoutAddressFatally() {
        assertThatThrownBy(() -> SendWelcomeEmailHandler.welcomeMail(payload("user-1", " "), TERMS))
                .isInstanceOf(FatalJobException.class).hasMessageContaining("needs a userId and an email");
    }

    @Test
    void shouldScheduleForNotBeforeElseForTheEnqueueTime() {
        Instant enqueued = Instant.parse("2026-11-28T21:00:00Z");
        Instant notBefore = Instant.parse("2026-11-29T07:00:00Z");

        assertThat(SendWelcomeEmailHandler.scheduledFor(command(enqueued, notBefore))).isEqualTo(notBefore);
        assertThat(SendWelcomeEmailHandler.scheduledFor(command(enqueued, null))).isEqualTo(enqueued);
    }

    @Test
    void shouldNameTheWelcomeNotificationAfterTheUser() {
        assertThat(NotificationService.welcomeNotificationId("user-1")).isEqualTo("welcome:user-1");
    }

    private static SendWelcomeEmail payload(String userId, String email) {
        return SendWelcomeEmail.newBuilder()
                .setUserId(userId)
                .setEmail(email)
                .setDisplayName("Jana")
                .setLocaleSettings(new LocaleSettings("de-AT", "Europe/Vienna"))
                .setOwnReferralCode("JANA42")
                .setRecommendations(List.of(
                        new CourseRecommendation("kafka-101", "Kafka für Einsteiger", "de", 12_345L),
                        new CourseRecommendation("java-streams", "Java Streams", "en", 987L)))
                .setRegisteredAt(Instant.parse("2026-11-28T21:00:00Z"))
                .build();
    }

    private static JobCommand command(Instant enqueuedAt, Instant notBefore) {
        return JobCommand.newBuilder()
                .setJobId("job-1")
                .setType(JobType.SEND_WELCOME_EMAIL)
                .setQueue(JobQueue.EMAILS)
                .setAttempt(1)
                .setMaxAttempts(6)
                .setNotBefore(notBefore)
                .setCorrelationId("flow-1")
                .setEnqueuedAt(enqueuedAt)
                .setFirstEnqueuedAt(enqueuedAt)
                .setPayload(payload("user-1", "jana@example.org"))
                .build();
    }
}
