// Tier: unit (CertificationService's evidence checks, identity, language and dates; no Quarkus)
package io.coursestream.workers.certificates;

import static io.coursestream.workers.certificates.CertificateFixtures.NOW;
import static io.coursestream.workers.certificates.CertificateFixtures.document;
import static io.coursestream.workers.certificates.CertificateFixtures.payload;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

import io.coursestream.schemas.common.LocaleSettings;
import io.coursestream.schemas.jobs.GenerateCourseCertificate;
import io.coursestream.workers.FatalJobException;

class CertificationServiceTest {

    /** Each way the payload can fail to prove the completion or to be printable, and the reason it names. */
    static Stream<Arguments> badEvidence() {
        return Stream.of(
                bad("blank completionEventId", b -> b.setCompletionEventId(" "), "completionEventId is blank"),
                bad("negative requiredEpisodeCount", b -> b.setRequiredEpisodeCount(-1).setCompletedRequiredCount(-1),
                        "requiredEpisodeCount -1 is negative"),
                bad("fewer completed than required", b -> b.setCompletedRequiredCount(2),
                        "completed 2 of 3 required episodes"),
                bad("more completed than required", b -> b.setCompletedRequiredCount(4),
                        "completed 4 of 3 required episodes"),
                bad("episode ids repeated", b -> b.setCompletedEpisodeIds(List.of("ep-1", "ep-1", "ep-2")),
                        "completedEpisodeIds names 2 distinct episodes, fewer than the 3"),
                bad("no episode ids", b -> b.setCompletedEpisodeIds(List.of()),
                        "completedEpisodeIds names 0 distinct episodes"),
                bad("completed in the future", b -> b.setCompletedAt(NOW.plus(CertificationService.CLOCK_SKEW)
                        .plusSeconds(1)), "is in the future"),
                bad("blank learnerName", b -> b.setLearnerName("  "), "learnerName is blank"),
                bad("blank courseTitle", b -> b.setCourseTitle(""), "courseTitle is blank"),
                bad("blank userId", b -> b.setUserId(" "), "userId is blank"),
                bad("blank courseId", b -> b.setCourseId(""), "courseId is blank"),
                bad("courseId with a slash", b -> b.setCourseId("../etc"), "courseId contains '/'"),
                bad("templateVersion 0", b -> b.setTemplateVersion(0), "templateVersion 0 is below 1"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badEvidence")
    void shouldFailFatallyWithItsReasonWhenTheEvidenceDoesNotHold(String name,
            UnaryOperator<GenerateCourseCertificate.Builder> change, String reason) {
        GenerateCourseCertificate payload = change.apply(payload()).build();

        assertThatThrownBy(() -> CertificationService.checkEvidence(payload, NOW))
                .isInstanceOf(FatalJobException.class).hasMessageContaining(reason);
        // and generate() stops there, before it touches storage (the fixtures' storage throws another exception)
        assertThatThrownBy(() -> CertificateFixtures.service().generate(payload))
                .isInstanceOf(FatalJobException.class).hasMessageContaining(reason);
    }

    @Test
    void shouldAcceptCompleteEvidenceAndACompletionWithinTheClockSkew() {
        CertificationService.checkEvidence(payload().build(), NOW);
        CertificationService.checkEvidence(payload().setCompletedAt(NOW.plus(CertificationService.CLOCK_SKEW))
                .build(), NOW);
        // a course without required episodes, and more episodes completed than required
        CertificationService.checkEvidence(payload().setRequiredEpisodeCount(0).setCompletedRequiredCount(0)
                .setCompletedEpisodeIds(List.of()).build(), NOW);
        CertificationService.checkEvidence(payload().setCompletedEpisodeIds(List.of("ep-1", "ep-2", "ep-3", "ep-4"))
                .build(), NOW);
    }

    @ParameterizedTest
    @CsvSource({"en-US, en", "en-GB, en", "de-AT, de", "de, de", "fr-CA, fr", "es-MX, es", "pt-BR, en", "ja-JP, en",
            "sr-Latn-RS, en", "'not a tag!', en"})
    void shouldWriteInTheLearnersLanguageOrEnglish(String locale, String language) {
        CertificateDocument document = document(payload(locale, "Europe/Berlin").build());

        assertThat(document.language()).isEqualTo(language);
        assertThat(document.printed().texts()).isEqualTo(CertificateTexts.all().get(language));
    }

    @Test
    void shouldFormatTheDatesInTheLearnersLocaleAndZone() {
        // completed at 21:30 UTC on the 28th: 22:30 in Berlin, the same day; 06:30 on the 29th in Tokyo
        GenerateCourseCertificate berlin = payload("de-DE", "Europe/Berlin")
                .setExpiresAt(Instant.parse("2028-11-28T23:30:00Z")).build();
        CertificateDocument.Printed printed = document(berlin).printed();
        assertThat(printed.completedOn()).isEqualTo("Abgeschlossen am 28. November 2026");
        assertThat(printed.issuedOn()).isEqualTo("Ausgestellt am 29. November 2026");
        assertThat(printed.validUntil()).isEqualTo("Gültig bis 29. November 2028");

        assertThat(document(payload("en-US", "Asia/Tokyo").build()).printed().completedOn())
                .isEqualTo("Completed on November 29, 2026");
        // a learner in Brazil reads English texts with their own date format
        assertThat(document(payload("pt-BR", "America/Sao_Paulo").build()).printed().completedOn())
                .isEqualTo("Completed on 28 de novembro de 2026");
        assertThat(document(payload().build()).printed().validUntil()).isNull();
    }

    @Test
    void shouldKeepTheStableCertificateIdForEveryVersionAndRetry() {
        String id = CertificationService.certificateId("user-1", "kafka-streams");

        assertThat(id).isEqualTo(UUID.nameUUIDFromBytes("certificate:user-1:kafka-streams"
                .getBytes(StandardCharsets.UTF_8)).toString());
        assertThat(CertificationService.certificateId("user-1", "kafka-streams")).isEqualTo(id);
        assertThat(CertificationService.certificateId("user-1", "java-basics")).isNotEqualTo(id);
        assertThat(CertificationService.certificateId("user-2", "kafka-streams")).isNotEqualTo(id);
        assertThat(document(payload().setTemplateVersion(3).build()).certificateId()).isEqualTo(id);
        assertThat(CertificationService.objectKey("kafka-streams", id, 3))
                .isEqualTo("certificates/kafka-streams/" + id + "/v3.pdf");
    }

    @Test
    void shouldJoinTheVerificationUrlWithExactlyOneSlash() {
        String code = CertificateFixtures.CODE;

        assertThat(CertificationService.verificationUrl("https://x.example/api/certificates/", code))
                .isEqualTo("https://x.example/api/certificates/" + code);
        assertThat(CertificationService.verificationUrl("https://x.example/api/certificates", code))
                .isEqualTo("https://x.example/api/certificates/" + code);
        assertThat(CertificationService.verificationUrl(" https://x.example/api/certificates// ", code))
                .isEqualTo("https://x.example/api/certificates/" + code);
        assertThat(document(payload().build()).verificationUrl()).isEqualTo(CertificateFixtures.BASE_URL + code);
    }

    @Test
    void shouldKeepTheGivenCodeAndRefuseAMalformedOne() {
        assertThat(document(payload().build(), "ABCD-EFGH-JKMN-PQRS").verificationCode())
                .isEqualTo("ABCD-EFGH-JKMN-PQRS");
        assertThatThrownBy(() -> document(payload().build(), "abcd-efgh-jkmn-pqrs"))
                .isInstanceOf(FatalJobException.class).hasMessageContaining("XXXX-XXXX-XXXX-XXXX");
    }

    @Test
    void shouldReportTheStoredCertificateAsTheJobsOutputs() {
        CertificateDocument document = document(payload().build());
        GeneratedCertificate generated = new GeneratedCertificate(document, "coursestream-certificates",
                "certificates/kafka-streams/" + document.certificateId() + "/v1.pdf", "ab".repeat(32), 20_000);

        assertThat(GenerateCourseCertificateHandler.outputs(generated)).containsExactly(
                entry("certificateId", document.certificateId()),
                entry("verificationCode", CertificateFixtures.CODE),
                entry("bucket", "coursestream-certificates"),
                entry("objectKey", generated.objectKey()),
                entry("sha256", "ab".repeat(32)));
    }

    @Test
    void shouldTrimTheNameAndTitleItPrints() {
        CertificateDocument document = document(payload().setLearnerName(" Jana Example\n")
                .setCourseTitle("\tKafka Streams ").setLocaleSettings(new LocaleSettings("en", "UTC")).build());

        assertThat(document.learnerName()).isEqualTo("Jana Example");
        assertThat(document.courseTitle()).isEqualTo("Kafka Streams");
    }

    private static java.util.Map.Entry<String, String> entry(String key, String value) {
        return java.util.Map.entry(key, value);
    }

    private static Arguments bad(String name, UnaryOperator<GenerateCourseCertificate.Builder> change,
            String reason) {
        return Arguments.of(name, change, reason);
    }

}
