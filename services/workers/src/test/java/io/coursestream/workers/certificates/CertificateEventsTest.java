// Tier: unit (CertificateGenerated's fields, and which delivered mails are CertificateDelivered; no Quarkus)
package io.coursestream.workers.certificates;

import static io.coursestream.workers.certificates.CertificateFixtures.CODE;
import static io.coursestream.workers.certificates.CertificateFixtures.NOW;
import static io.coursestream.workers.certificates.CertificateFixtures.document;
import static io.coursestream.workers.certificates.CertificateFixtures.payload;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.coursestream.schemas.certificates.CertificateDelivered;
import io.coursestream.schemas.certificates.CertificateGenerated;
import io.coursestream.schemas.common.EventMetadata;
import io.coursestream.schemas.jobs.GenerateCourseCertificate;
import io.coursestream.schemas.jobs.SendNotification;
import io.coursestream.schemas.notifications.NotificationChannel;
import io.coursestream.workers.FatalJobException;

class CertificateEventsTest {

    private static final EventMetadata METADATA = new EventMetadata(UUID.randomUUID(),
            Instant.parse("2026-11-29T18:00:05Z"), "flow-1", "job-1", "workers");
    private static final Instant DELIVERED_AT = Instant.parse("2026-11-29T18:01:00Z");

    @Test
    void shouldFillEveryFieldOfCertificateGenerated() {
        GenerateCourseCertificate payload = payload("fr-CA", "America/Montreal")
                .setExpiresAt(Instant.parse("2028-11-28T00:00:00Z")).build();
        GeneratedCertificate generated = generated(payload);

        CertificateGenerated event = CertificateEvents.generatedEvent(METADATA, payload, generated);

        assertThat(event.getMetadata()).isEqualTo(METADATA);
        assertThat(event.getCertificateId()).isEqualTo(CertificationService.certificateId("user-1", "kafka-streams"));
        assertThat(event.getVerificationCode()).isEqualTo(CODE);
        assertThat(event.getVerificationUrl()).isEqualTo(CertificateFixtures.BASE_URL + CODE);
        assertThat(event.getUserId()).isEqualTo("user-1");
        assertThat(event.getCourseId()).isEqualTo("kafka-streams");
        assertThat(event.getCourseTitle()).isEqualTo("Kafka Streams in Practice");
        assertThat(event.getLearnerName()).isEqualTo("Jana Example");
        assertThat(event.getLocale()).isEqualTo("fr");
        assertThat(event.getCompletedAt()).isEqualTo(payload.getCompletedAt());
        assertThat(event.getBucket()).isEqualTo("coursestream-certificates");
        assertThat(event.getObjectKey()).isEqualTo(generated.objectKey());
        assertThat(event.getSizeBytes()).isEqualTo(21_000L);
        assertThat(event.getSha256()).isEqualTo("0f".repeat(32));
        assertThat(event.getTemplateVersion()).isEqualTo(1);
        assertThat(event.getIssuedAt()).isEqualTo(NOW);
        assertThat(event.getExpiresAt()).isEqualTo(Instant.parse("2028-11-28T00:00:00Z"));
        assertThat(event.getEmail()).isEqualTo("jana@example.org");
        assertThat(event.getRegenerated()).isFalse();
    }

    @Test
    void shouldNameNoAddressWhenTheCertificateIsOnlyStored() {
        GenerateCourseCertificate regeneration = payload().setRegeneration(true).setDeliverByEmail(false).build();
        GenerateCourseCertificate unknownAddress = payload().setEmail(null).build();

        CertificateGenerated regenerated = CertificateEvents.generatedEvent(METADATA, regeneration,
                generated(regeneration));

        assertThat(regenerated.getEmail()).isNull();
        assertThat(regenerated.getRegenerated()).isTrue();
        assertThat(CertificateEvents.generatedEvent(METADATA, unknownAddress, generated(unknownAddress)).getEmail())
                .isNull();
    }

    @Test
    void shouldReportADeliveredCertificateMailAsCertificateDelivered() {
        CertificateDelivered delivered = CertificateEvents.certificateMail(mail(CertificateMail.TEMPLATE, params()),
                "<abc@coursestream>", DELIVERED_AT, () -> METADATA).orElseThrow();

        assertThat(delivered.getVerificationCode()).isEqualTo(CODE);
        assertThat(delivered.getCertificateId()).isEqualTo("cert-1");
        assertThat(delivered.getUserId()).isEqualTo("user-1");
        assertThat(delivered.getEmail()).isEqualTo("jana@example.org");
        assertThat(delivered.getMessageId()).isEqualTo("<abc@coursestream>");
        assertThat(delivered.getDeliveredAt()).isEqualTo(DELIVERED_AT);
        assertThat(delivered.getMetadata()).isEqualTo(METADATA);
    }

    @Test
    void shouldIgnoreOtherMailsAndOtherChannels() {
        assertThat(CertificateEvents.certificateMail(mail("invoice", params()), "<m>", DELIVERED_AT, () -> METADATA))
                .isEmpty();
        Map<String, String> withoutCode = params();
        withoutCode.remove(CertificateMail.VERIFICATION_CODE_PARAM);
        assertThat(CertificateEvents.certificateMail(mail(CertificateMail.TEMPLATE, withoutCode), "<m>",
                DELIVERED_AT, () -> METADATA)).isEmpty();
        SendNotification inApp = SendNotification.newBuilder(mail(CertificateMail.TEMPLATE, params()))
                .setChannel(NotificationChannel.IN_APP).build();
        assertThat(CertificateEvents.certificateMail(inApp, null, DELIVERED_AT, () -> METADATA)).isEmpty();
    }

    @Test
    void shouldFailFatallyForACertificateMailWithoutItsCertificateOrUser() {
        Map<String, String> withoutCertificate = params();
        withoutCertificate.remove(CertificateMail.CERTIFICATE_ID_PARAM);
        assertThatThrownBy(() -> CertificateEvents.certificateMail(mail(CertificateMail.TEMPLATE, withoutCertificate),
                "<m>", DELIVERED_AT, () -> METADATA)).isInstanceOf(FatalJobException.class)
                .hasMessageContaining("certificateId");
        SendNotification withoutUser = SendNotification.newBuilder(mail(CertificateMail.TEMPLATE, params()))
                .setUserId(null).build();
        assertThatThrownBy(() -> CertificateEvents.certificateMail(withoutUser, "<m>", DELIVERED_AT, () -> METADATA))
                .isInstanceOf(FatalJobException.class).hasMessageContaining("userId");
    }

    @Test
    void shouldKeepTheNamesTheLearningTopologyMirrors() {
        assertThat(CertificateMail.TEMPLATE).isEqualTo("certificate");
        assertThat(CertificateMail.CATEGORY.name()).isEqualTo("COURSE_ACTIVITY");
        assertThat(CertificateMail.CRITICAL).isFalse();
        assertThat(java.util.List.of(CertificateMail.VERIFICATION_CODE_PARAM, CertificateMail.CERTIFICATE_ID_PARAM,
                CertificateMail.COURSE_ID_PARAM, CertificateMail.COURSE_TITLE_PARAM, CertificateMail.LEARNER_NAME_PARAM,
                CertificateMail.VERIFICATION_URL_PARAM)).containsExactly("verificationCode", "certificateId",
                "courseId", "courseTitle", "learnerName", "verificationUrl");
    }

    private static GeneratedCertificate generated(GenerateCourseCertificate payload) {
        CertificateDocument document = document(payload);
        return new GeneratedCertificate(document, "coursestream-certificates", CertificationService.objectKey(
                payload.getCourseId(), document.certificateId(), payload.getTemplateVersion()), "0f".repeat(32),
                21_000);
    }

    private static Map<String, String> params() {
        Map<String, String> params = new HashMap<>();
        params.put(CertificateMail.VERIFICATION_CODE_PARAM, CODE);
        params.put(CertificateMail.CERTIFICATE_ID_PARAM, "cert-1");
        params.put(CertificateMail.COURSE_ID_PARAM, "kafka-streams");
        params.put(CertificateMail.COURSE_TITLE_PARAM, "Kafka Streams in Practice");
        params.put(CertificateMail.LEARNER_NAME_PARAM, "Jana Example");
        params.put(CertificateMail.VERIFICATION_URL_PARAM, CertificateFixtures.BASE_URL + CODE);
        return params;
    }

    private static SendNotification mail(String template, Map<String, String> params) {
        return SendNotification.newBuilder()
                .setNotificationId("certificate:" + CODE)
                .setChannel(NotificationChannel.EMAIL)
                .setCategory(CertificateMail.CATEGORY)
                .setCritical(CertificateMail.CRITICAL)
                .setUserId("user-1")
                .setEmail("jana@example.org")
                .setTemplateId(template)
                .setTemplateParams(params)
                .build();
    }
}
