// Tier: IT (a SEND_NOTIFICATION of the certificate template from jobs.emails through the workers to the harness's real
// SMTP server, the PDF read from its real S3 server, CertificateDelivered on certificates.certificate-events)
package io.coursestream.workers.certificates;

import static io.coursestream.workers.certificates.CertificateEventClients.command;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

import jakarta.inject.Inject;
import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.MimeMessage;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.icegreen.greenmail.util.GreenMail;
import com.itextpdf.kernel.pdf.PdfDocument;
import com.itextpdf.kernel.pdf.PdfReader;
import com.itextpdf.kernel.pdf.canvas.parser.PdfTextExtractor;

import io.coursestream.infrastructure.storage.StoredObject;
import io.coursestream.schemas.certificates.CertificateDelivered;
import io.coursestream.schemas.common.LocaleSettings;
import io.coursestream.schemas.jobs.GenerateCourseCertificate;
import io.coursestream.schemas.jobs.JobCommand;
import io.coursestream.schemas.jobs.JobQueue;
import io.coursestream.schemas.jobs.JobSucceeded;
import io.coursestream.schemas.jobs.JobType;
import io.coursestream.schemas.jobs.NotificationAttachment;
import io.coursestream.schemas.jobs.SendNotification;
import io.coursestream.schemas.notifications.NotificationChannel;
import io.coursestream.schemas.verification.VerificationCodes;
import io.coursestream.testkit.TestEnvironment;
import io.coursestream.workers.WorkersTestProfile;
import io.coursestream.workers.notifications.NotificationService;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * The certificate mail as the learning topology requests it for a CertificateGenerated with an email: a
 * SendNotification on {@code jobs.emails} with the template {@value CertificateMail#TEMPLATE}, its params and the PDF
 * attached; the mail read back from GreenMail, CertificateDelivered from its topic.
 *
 * <p>The attached PDF is a certificate rendered by {@link CertificatePdf} and stored where the workers store
 * certificates ({@link CertificateStorage}, a bucket of its own), from where the mail's attachment is read.
 */
@QuarkusTest
@TestProfile(WorkersTestProfile.class)
class CertificateMailIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @ConfigProperty(name = "apicurio.registry.url")
    String registryUrl;

    @Inject
    CertificateStorage certificates;

    private CertificateEventClients kafka;

    @BeforeEach
    void start() {
        kafka = new CertificateEventClients(bootstrapServers, registryUrl);
        certificates.ensureBucket();
    }

    @AfterEach
    void stop() {
        kafka.close();
    }

    @Test
    void shouldMailTheCertificateWithItsPdfAndReportCertificateDeliveredWithTheMessageId() throws Exception {
        // given a German learner's certificate, rendered and stored
        String userId = "user-" + UUID.randomUUID();
        String email = userId + "@example.org";
        String code = new VerificationCodes().next();
        GenerateCourseCertificate payload = CertificateFixtures.payload("de-DE", "Europe/Berlin").setUserId(userId)
                .setEmail(email).setLearnerName("Zoë Ångström").setCourseTitle("Kafka Streams in der Praxis").build();
        CertificateDocument certificate = CertificateFixtures.document(payload, code);
        byte[] pdf = new CertificatePdf().render(certificate);
        String key = "certificates/" + payload.getCourseId() + "/" + certificate.certificateId() + "/v1.pdf";
        StoredObject stored = certificates.files().put(key, pdf, CertificationService.CONTENT_TYPE);

        // when the certificate mail is requested as the learning topology does on CertificateGenerated
        String notificationId = "certificate:" + code;
        JobCommand command = command(JobType.SEND_NOTIFICATION, JobQueue.EMAILS, notificationId, 1,
                SendNotification.newBuilder()
                        .setNotificationId(notificationId)
                        .setChannel(NotificationChannel.EMAIL)
                        .setCategory(CertificateMail.CATEGORY)
                        .setCritical(CertificateMail.CRITICAL)
                        .setUserId(userId)
                        .setEmail(email)
                        .setLocaleSettings(new LocaleSettings("de-DE", "Europe/Berlin"))
                        .setTemplateId(CertificateMail.TEMPLATE)
                        .setTemplateParams(Map.of(
                                CertificateMail.VERIFICATION_CODE_PARAM, code,
                                CertificateMail.CERTIFICATE_ID_PARAM, certificate.certificateId(),
                                CertificateMail.COURSE_ID_PARAM, payload.getCourseId(),
                                CertificateMail.COURSE_TITLE_PARAM, certificate.courseTitle(),
                                CertificateMail.LEARNER_NAME_PARAM, certificate.learnerName(),
                                CertificateMail.VERIFICATION_URL_PARAM, certificate.verificationUrl()))
                        .setAttachments(java.util.List.of(new NotificationAttachment(stored.bucket(), key,
                                "zertifikat-" + code + ".pdf", CertificationService.CONTENT_TYPE)))
                        .build());
        kafka.send(command);

        // then a German mail congratulates the learner, names the course, the code and the link, with the course
        // activity's unsubscribe link
        MimeMessage received = awaitMailTo(email);
        assertThat(received.getSubject()).isEqualTo("Dein Zertifikat: Kafka Streams in der Praxis");
        assertThat(part(received, "text/plain")).contains("Herzlichen Glückwunsch, Zoë Ångström!",
                "Du hast den Kurs Kafka Streams in der Praxis abgeschlossen.", "Sein Prüfcode lautet " + code,
                certificate.verificationUrl(), "Dein coursestream-Team");
        assertThat(part(received, "text/html")).contains("<html lang=\"de\">",
                "<a href=\"" + certificate.verificationUrl() + "\">");
        assertThat(received.getHeader("List-Unsubscribe")).isNotNull();
        assertThat(received.getMessageID()).isEqualTo(NotificationService.messageId(notificationId));

        // and the stored PDF is attached, byte for byte
        BodyPart attachment = attachment(received);
        assertThat(attachment.getFileName()).isEqualTo("zertifikat-" + code + ".pdf");
        assertThat(attachment.getContentType()).startsWith("application/pdf");
        byte[] attached = attachment.getInputStream().readAllBytes();
        assertThat(CertificationService.sha256(attached)).isEqualTo(stored.sha256());
        try (PdfDocument document = new PdfDocument(new PdfReader(new ByteArrayInputStream(attached)))) {
            assertThat(PdfTextExtractor.getTextFromPage(document.getFirstPage())).contains("Zoë Ångström", code);
        }

        // and CertificateDelivered, keyed by the code, names the mail's Message-ID, in the job's flow
        ConsumerRecord<String, SpecificRecord> record = kafka.awaitRecord(CertificateDelivered.class,
                event -> event.getVerificationCode().equals(code));
        CertificateDelivered delivered = (CertificateDelivered) record.value();
        assertThat(record.key()).isEqualTo(code);
        assertThat(delivered.getMessageId()).isEqualTo(received.getMessageID());
        assertThat(delivered.getCertificateId()).isEqualTo(certificate.certificateId());
        assertThat(delivered.getUserId()).isEqualTo(userId);
        assertThat(delivered.getEmail()).isEqualTo(email);
        assertThat(delivered.getDeliveredAt()).isAfterOrEqualTo(command.getEnqueuedAt());
        assertThat(delivered.getMetadata().getCorrelationId()).isEqualTo(command.getCorrelationId());
        assertThat(delivered.getMetadata().getCausationId()).isEqualTo(command.getJobId());
        assertThat(kafka.awaitValue(JobSucceeded.class, event -> event.getJobId().equals(command.getJobId()))
                .getOutputs()).containsEntry("messageId", received.getMessageID());
    }

    /** The one message to this address (addresses are unique per test, the SMTP server is shared). */
    private static MimeMessage awaitMailTo(String address) {
        GreenMail smtp = TestEnvironment.get().greenMail();
        return await().atMost(TIMEOUT).until(() -> {
            for (MimeMessage message : smtp.getReceivedMessages()) {
                if (message.getAllRecipients() != null && message.getAllRecipients().length == 1
                        && address.equals(message.getAllRecipients()[0].toString())) {
                    return message;
                }
            }
            return null;
        }, Objects::nonNull);
    }

    /** The decoded content of the first body part of this type that is not an attachment. */
    private static String part(Part part, String type) throws MessagingException, IOException {
        if (part.isMimeType(type) && !Part.ATTACHMENT.equalsIgnoreCase(part.getDisposition())) {
            return (String) part.getContent();
        }
        if (part.isMimeType("multipart/*")) {
            Multipart multipart = (Multipart) part.getContent();
            for (int i = 0; i < multipart.getCount(); i++) {
                String found = part(multipart.getBodyPart(i), type);
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }

    private static BodyPart attachment(MimeMessage message) throws Exception {
        Multipart parts = (Multipart) message.getContent();
        for (int i = 0; i < parts.getCount(); i++) {
            if (Part.ATTACHMENT.equalsIgnoreCase(parts.getBodyPart(i).getDisposition())) {
                return parts.getBodyPart(i);
            }
        }
        throw new AssertionError("no attachment in " + message.getSubject());
    }
}
