package io.coursestream.workers.certificates;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;

import io.coursestream.schemas.common.LocaleSettings;
import io.coursestream.schemas.jobs.GenerateCourseCertificate;
import io.coursestream.schemas.verification.VerificationCodes;
import io.coursestream.workers.notifications.LocalFormats;

/** Certificates for the tests: a payload whose evidence holds, and the service without Quarkus or storage. */
public final class CertificateFixtures {

    /** The clock of the unit tests: the evening after the completion. */
    public static final Instant NOW = Instant.parse("2026-11-29T18:00:00Z");
    public static final String BASE_URL = "https://coursestream.example/api/certificates/";
    public static final String CODE = "7KQ4-M2XD-9HBT-0VZC";

    private CertificateFixtures() {
    }

    /** A completed course with three required episodes, for a learner in New York who reads English. */
    public static GenerateCourseCertificate.Builder payload() {
        return GenerateCourseCertificate.newBuilder()
                .setUserId("user-1")
                .setCourseId("kafka-streams")
                .setCourseTitle("Kafka Streams in Practice")
                .setLearnerName("Jana Example")
                .setEmail("jana@example.org")
                .setLocaleSettings(new LocaleSettings("en-US", "America/New_York"))
                .setTemplateVersion(1)
                .setCompletedAt(Instant.parse("2026-11-28T21:30:00Z"))
                .setCompletionEventId("course-completed-1")
                .setRequiredEpisodeCount(3)
                .setCompletedRequiredCount(3)
                .setCompletedEpisodeIds(List.of("ep-1", "ep-2", "ep-3"));
    }

    /** The payload for a learner of this locale and zone. */
    public static GenerateCourseCertificate.Builder payload(String locale, String timezone) {
        return payload().setLocaleSettings(new LocaleSettings(locale, timezone));
    }

    /** The service at {@link #NOW}, formatting as LocalizationService does, with no storage to reach. */
    public static CertificationService service() {
        return service(Clock.fixed(NOW, ZoneOffset.UTC), new VerificationCodes());
    }

    public static CertificationService service(Clock clock, VerificationCodes codes) {
        return new CertificationService(clock, codes, BASE_URL, CertificateFixtures::formats, () -> {
            throw new IllegalStateException("the unit tests store nothing");
        });
    }

    /** The document of a payload with the code {@link #CODE}, issued at {@link #NOW}. */
    public static CertificateDocument document(GenerateCourseCertificate payload) {
        return document(payload, CODE);
    }

    public static CertificateDocument document(GenerateCourseCertificate payload, String code) {
        return service().document(payload,
                CertificationService.certificateId(payload.getUserId(), payload.getCourseId()), code, NOW);
    }

    /** The learner's own locale and zone, as LocalizationService formats them. */
    static LocalFormats formats(String languageTag, String timezone) {
        return new LocalFormats(Locale.forLanguageTag(languageTag.replace('_', '-')), ZoneId.of(timezone));
    }
}
