package io.coursestream.workers.certificates;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.avro.specific.SpecificRecord;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;

import io.coursestream.schemas.certificates.CertificateDelivered;
import io.coursestream.schemas.certificates.CertificateGenerated;
import io.coursestream.schemas.common.EventMetadata;
import io.coursestream.schemas.jobs.GenerateCourseCertificate;
import io.coursestream.schemas.jobs.JobCommand;
import io.coursestream.schemas.jobs.SendNotification;
import io.coursestream.schemas.notifications.NotificationChannel;
import io.coursestream.workers.FatalJobException;
import io.coursestream.workers.JobEventMetadata;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;

/**
 * Writes the certificate events to {@code certificates.certificate-events} through the outgoing channel
 * {@value #CHANNEL}, keyed by verification code so one certificate's events stay in order: {@code CertificateGenerated}
 * when a PDF is stored ({@link GenerateCourseCertificateHandler}), {@code CertificateDelivered} when its mail was
 * handed to the SMTP server (the SEND_NOTIFICATION handler, for the template {@value CertificateMail#TEMPLATE}). Each
 * publish returns once the broker acknowledged the event (acks=all), so a job reports success only after it.
 */
@ApplicationScoped
public class CertificateEvents {

    /** The outgoing channel of {@code certificates.certificate-events}. */
    public static final String CHANNEL = "certificate-events";

    private final MutinyEmitter<SpecificRecord> emitter;
    private final Clock clock;

    @Inject
    CertificateEvents(@Channel(CHANNEL) MutinyEmitter<SpecificRecord> emitter, Clock clock) {
        this.emitter = emitter;
        this.clock = clock;
    }

    /** Publishes CertificateGenerated for a stored certificate, in the job's flow. */
    public void generated(JobCommand command, GenerateCourseCertificate payload, GeneratedCertificate generated) {
        CertificateGenerated event = generatedEvent(metadata(command), payload, generated);
        publish(event.getVerificationCode(), event);
    }

    /**
     * After an EMAIL notification was delivered: if it is a certificate mail (template
     * {@value CertificateMail#TEMPLATE} with a {@value CertificateMail#VERIFICATION_CODE_PARAM} among its params),
     * publishes CertificateDelivered; any other notification is ignored.
     *
     * @throws FatalJobException if a certificate mail lacks the certificateId or userId the event needs
     */
    public void delivered(JobCommand command, SendNotification notification, String messageId) {
        certificateMail(notification, messageId, clock.instant(), () -> metadata(command))
                .ifPresent(event -> publish(event.getVerificationCode(), event));
    }

    /** CertificateDelivered for a delivered mail, or empty if the mail is no certificate mail. */
    static Optional<CertificateDelivered> certificateMail(SendNotification notification, String messageId,
            Instant deliveredAt, Supplier<EventMetadata> metadata) {
        Map<String, String> params = notification.getTemplateParams();
        String code = params.get(CertificateMail.VERIFICATION_CODE_PARAM);
        if (notification.getChannel() != NotificationChannel.EMAIL
                || !CertificateMail.TEMPLATE.equals(notification.getTemplateId()) || code == null || code.isBlank()) {
            return Optional.empty();
        }
        String certificateId = params.get(CertificateMail.CERTIFICATE_ID_PARAM);
        if (certificateId == null || certificateId.isBlank() || notification.getUserId() == null
                || notification.getUserId().isBlank()) {
            throw new FatalJobException("certificate mail " + notification.getNotificationId() + " for " + code
                    + " was sent, but CertificateDelivered needs templateParams[\""
                    + CertificateMail.CERTIFICATE_ID_PARAM + "\"] and a userId");
        }
        return Optional.of(CertificateDelivered.newBuilder()
                .setMetadata(metadata.get())
                .setVerificationCode(code)
                .setCertificateId(certificateId)
                .setUserId(notification.getUserId())
                .setEmail(notification.getEmail())
                .setMessageId(messageId)
                .setDeliveredAt(deliveredAt)
                .build());
    }

    /**
     * CertificateGenerated with all its fields; {@code email} is the payload's address when the certificate is to be
     * mailed (the learning topology then requests the mail), else null.
     */
    static CertificateGenerated generatedEvent(EventMetadata metadata, GenerateCourseCertificate payload,
            GeneratedCertificate generated) {
        CertificateDocument document = generated.document();
        String email = payload.getDeliverByEmail() && payload.getEmail() != null && !payload.getEmail().isBlank()
                ? payload.getEmail()
                : null;
        return CertificateGenerated.newBuilder()
                .setMetadata(metadata)
                .setCertificateId(document.certificateId())
                .setVerificationCode(document.verificationCode())
                .setVerificationUrl(document.verificationUrl())
                .setUserId(document.userId())
                .setCourseId(document.courseId())
                .setCourseTitle(document.courseTitle())
                .setLearnerName(document.learnerName())
                .setLocale(document.language())
                .setCompletedAt(document.completedAt())
                .setBucket(generated.bucket())
                .setObjectKey(generated.objectKey())
                .setSizeBytes(generated.sizeBytes())
                .setSha256(generated.sha256())
                .setTemplateVersion(document.templateVersion())
                .setIssuedAt(document.issuedAt())
                .setExpiresAt(document.expiresAt())
                .setEmail(email)
                .setRegenerated(payload.getRegeneration())
                .build();
    }

    private void publish(String key, SpecificRecord event) {
        emitter.sendMessageAndAwait(Message.of(event)
                .addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withKey(key).build()));
    }

    /** The job's flow continues (its correlationId); the job caused the event. */
    private EventMetadata metadata(JobCommand command) {
        return JobEventMetadata.causedBy(command, clock.instant());
    }
}
