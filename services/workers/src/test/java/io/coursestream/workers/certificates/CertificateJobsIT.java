// Tier: IT (GENERATE_COURSE_CERTIFICATE jobs from jobs.default through the workers to the harness's real S3 server and
// certificates.certificate-events; the broker and registry real)
package io.coursestream.workers.certificates;

import static io.coursestream.workers.certificates.CertificateEventClients.command;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.itextpdf.kernel.pdf.PdfDocument;
import com.itextpdf.kernel.pdf.PdfReader;
import com.itextpdf.kernel.pdf.canvas.parser.PdfTextExtractor;

import io.coursestream.infrastructure.storage.FileStorageService;
import io.coursestream.infrastructure.storage.StoredObject;
import io.coursestream.schemas.certificates.CertificateGenerated;
import io.coursestream.schemas.jobs.GenerateCourseCertificate;
import io.coursestream.schemas.jobs.JobCommand;
import io.coursestream.schemas.jobs.JobFailed;
import io.coursestream.schemas.jobs.JobQueue;
import io.coursestream.schemas.jobs.JobSucceeded;
import io.coursestream.schemas.jobs.JobType;
import io.coursestream.schemas.verification.VerificationCodes;
import io.coursestream.testkit.QrCodes;
import io.coursestream.workers.WorkersTestProfile;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * A certificate from its job to the bucket: commands produced on {@code jobs.default} as the learning topology's
 * scheduler would, the PDF read back from the harness's S3 server, CertificateGenerated and the job's reports read
 * from their topics.
 */
@QuarkusTest
@TestProfile(WorkersTestProfile.class)
class CertificateJobsIT {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @ConfigProperty(name = "apicurio.registry.url")
    String registryUrl;

    @ConfigProperty(name = "coursestream.certificates.bucket")
    String bucket;

    @ConfigProperty(name = "coursestream.certificates.verification-base-url")
    String verificationBaseUrl;

    @Inject
    CertificateStorage certificates;

    private FileStorageService storage;
    private CertificateEventClients kafka;

    @BeforeEach
    void start() {
        kafka = new CertificateEventClients(bootstrapServers, registryUrl);
        certificates.ensureBucket();
        storage = certificates.files();
    }

    @AfterEach
    void stop() {
        kafka.close();
    }

    @Test
    void shouldStoreThePdfPrivatelyAndPublishCertificateGeneratedKeyedByItsCode() throws Exception {
        // given a GENERATE_COURSE_CERTIFICATE for a German learner, without a code yet (a first issue)
        String userId = "user-" + UUID.randomUUID();
        GenerateCourseCertificate payload = CertificateFixtures.payload("de-DE", "Europe/Berlin")
                .setUserId(userId)
                .setLearnerName("Zoë Ångström-Łukasiewicz")
                .setCompletedAt(Instant.now().truncatedTo(ChronoUnit.MILLIS).minusSeconds(60))
                .build();
        JobCommand command = command(JobType.GENERATE_COURSE_CERTIFICATE, JobQueue.DEFAULT, uniqueKey(payload), 1,
                payload);

        // when it reaches jobs.default
        kafka.send(command);

        // then CertificateGenerated, keyed by its new code, names the stored PDF and the learner
        ConsumerRecord<String, SpecificRecord> record = kafka.awaitRecord(CertificateGenerated.class,
                event -> event.getUserId().equals(userId));
        CertificateGenerated generated = (CertificateGenerated) record.value();
        String certificateId = CertificationService.certificateId(userId, payload.getCourseId());
        assertThat(VerificationCodes.isWellFormed(generated.getVerificationCode())).isTrue();
        assertThat(record.key()).isEqualTo(generated.getVerificationCode());
        assertThat(generated.getCertificateId()).isEqualTo(certificateId);
        assertThat(generated.getVerificationUrl())
                .isEqualTo(CertificationService.verificationUrl(verificationBaseUrl, generated.getVerificationCode()));
        assertThat(generated.getCourseId()).isEqualTo("kafka-streams");
        assertThat(generated.getLearnerName()).isEqualTo("Zoë Ångström-Łukasiewicz");
        assertThat(generated.getLocale()).isEqualTo("de");
        assertThat(generated.getCompletedAt()).isEqualTo(payload.getCompletedAt());
        assertThat(generated.getIssuedAt()).isAfterOrEqualTo(command.getEnqueuedAt());
        assertThat(generated.getExpiresAt()).isNull();
        assertThat(generated.getEmail()).isEqualTo("jana@example.org");
        assertThat(generated.getRegenerated()).isFalse();
        assertThat(generated.getTemplateVersion()).isEqualTo(1);
        assertThat(generated.getBucket()).isEqualTo(bucket).isEqualTo("coursestream-certificates");
        assertThat(generated.getObjectKey()).isEqualTo("certificates/kafka-streams/" + certificateId + "/v1.pdf");
        assertThat(generated.getMetadata().getCorrelationId()).isEqualTo(command.getCorrelationId());
        assertThat(generated.getMetadata().getCausationId()).isEqualTo(command.getJobId());
        assertThat(generated.getMetadata().getProducer()).isEqualTo("workers");

        // and the stored object is that PDF: its bytes hash to the event's SHA-256, as storage recorded
        StoredObject head = storage.head(generated.getObjectKey());
        assertThat(head.bucket()).isEqualTo(bucket);
        assertThat(head.contentType()).isEqualTo("application/pdf");
        assertThat(head.sha256()).isEqualTo(generated.getSha256());
        byte[] pdf = read(generated.getObjectKey());
        assertThat(pdf).hasSize((int) generated.getSizeBytes());
        assertThat(CertificationService.sha256(pdf)).isEqualTo(generated.getSha256());
        try (PdfDocument document = new PdfDocument(new PdfReader(new ByteArrayInputStream(pdf)))) {
            assertThat(PdfTextExtractor.getTextFromPage(document.getFirstPage())).contains("Teilnahmezertifikat",
                    "Zoë Ångström-Łukasiewicz", "Kafka Streams in Practice", generated.getVerificationCode());
        }
        assertThat(QrCodes.scan(pdf).getText()).isEqualTo(generated.getVerificationUrl());

        // and the job succeeded, reporting the certificate
        JobSucceeded succeeded = kafka.awaitValue(JobSucceeded.class,
                event -> event.getJobId().equals(command.getJobId()));
        assertThat(succeeded.getOutputs()).containsEntry("certificateId", certificateId)
                .containsEntry("verificationCode", generated.getVerificationCode())
                .containsEntry("bucket", bucket)
                .containsEntry("objectKey", generated.getObjectKey())
                .containsEntry("sha256", generated.getSha256());
    }

    @Test
    void shouldStoreTheSameCertificateUnderTheSameKeyWhenTheJobRunsAgain() throws Exception {
        // given a first issue without a code or issue date, generated once
        String userId = "user-" + UUID.randomUUID();
        GenerateCourseCertificate payload = CertificateFixtures.payload().setUserId(userId).build();
        kafka.send(command(JobType.GENERATE_COURSE_CERTIFICATE, JobQueue.DEFAULT, uniqueKey(payload), 1, payload));
        CertificateGenerated first = kafka.awaitValue(CertificateGenerated.class,
                event -> event.getUserId().equals(userId));

        // when its job runs again (a retry, or a report lost to a crash)
        JobCommand again = command(JobType.GENERATE_COURSE_CERTIFICATE, JobQueue.DEFAULT, uniqueKey(payload), 2,
                payload);
        kafka.send(again);

        // then the second run keeps the code and issue date the first drew, and stores the same bytes at the same key
        List<ConsumerRecord<String, SpecificRecord>> records = kafka.awaitRecords(CertificateGenerated.class,
                event -> event.getUserId().equals(userId), 2);
        assertThat(records).hasSize(2);
        CertificateGenerated second = (CertificateGenerated) records.get(1).value();
        assertThat(records.get(1).key()).isEqualTo(first.getVerificationCode());
        assertThat(second.getVerificationCode()).isEqualTo(first.getVerificationCode());
        assertThat(second.getCertificateId()).isEqualTo(first.getCertificateId());
        assertThat(second.getObjectKey()).isEqualTo(first.getObjectKey());
        assertThat(second.getIssuedAt()).isEqualTo(first.getIssuedAt());
        assertThat(second.getSha256()).isEqualTo(first.getSha256());
        assertThat(second.getMetadata().getCausationId()).isEqualTo(again.getJobId());
        assertThat(CertificationService.sha256(read(first.getObjectKey()))).isEqualTo(first.getSha256());
        assertThat(storage.list("certificates/kafka-streams/" + first.getCertificateId() + "/")).hasSize(1);
    }

    @Test
    void shouldKeepTheCodeAndIssueDateOfARegenerationAndNameNoAddress() throws Exception {
        // given a regeneration with template v2 of a certificate issued a year ago, without a new mail
        String userId = "user-" + UUID.randomUUID();
        String code = new VerificationCodes().next();
        Instant issuedAt = Instant.parse("2025-11-28T10:00:00Z");
        GenerateCourseCertificate payload = CertificateFixtures.payload("es-MX", "America/Mexico_City")
                .setUserId(userId)
                .setTemplateVersion(2)
                .setVerificationCode(code)
                .setIssuedAt(issuedAt)
                .setCompletedAt(Instant.parse("2025-11-27T18:00:00Z"))
                .setExpiresAt(Instant.parse("2027-11-27T18:00:00Z"))
                .setRegeneration(true)
                .setDeliverByEmail(false)
                .build();

        // when its job runs
        kafka.send(command(JobType.GENERATE_COURSE_CERTIFICATE, JobQueue.DEFAULT, uniqueKey(payload), 1, payload));

        // then the certificate keeps its code, id and issue date, under the key of v2, and is not to be mailed
        ConsumerRecord<String, SpecificRecord> record = kafka.awaitRecord(CertificateGenerated.class,
                event -> event.getUserId().equals(userId));
        CertificateGenerated generated = (CertificateGenerated) record.value();
        assertThat(record.key()).isEqualTo(code);
        assertThat(generated.getVerificationCode()).isEqualTo(code);
        assertThat(generated.getCertificateId()).isEqualTo(CertificationService.certificateId(userId, "kafka-streams"));
        assertThat(generated.getIssuedAt()).isEqualTo(issuedAt);
        assertThat(generated.getExpiresAt()).isEqualTo(payload.getExpiresAt());
        assertThat(generated.getTemplateVersion()).isEqualTo(2);
        assertThat(generated.getObjectKey()).endsWith("/" + generated.getCertificateId() + "/v2.pdf");
        assertThat(generated.getRegenerated()).isTrue();
        assertThat(generated.getEmail()).isNull();
        assertThat(generated.getLocale()).isEqualTo("es");
        try (PdfDocument document = new PdfDocument(new PdfReader(new ByteArrayInputStream(
                read(generated.getObjectKey()))))) {
            assertThat(PdfTextExtractor.getTextFromPage(document.getFirstPage())).contains(
                    "Certificado de finalización", "Emitido el 28 de noviembre de 2025",
                    "Válido hasta el 27 de noviembre de 2027", code);
        }
    }

    @Test
    void shouldFailFatallyWithTheReasonWhenTheEvidenceDoesNotHold() throws Exception {
        // given a job whose learner completed two of the course's three required episodes
        String userId = "user-" + UUID.randomUUID();
        GenerateCourseCertificate payload = CertificateFixtures.payload().setUserId(userId)
                .setCompletedRequiredCount(2).setCompletedEpisodeIds(List.of("ep-1", "ep-2")).build();
        JobCommand command = command(JobType.GENERATE_COURSE_CERTIFICATE, JobQueue.DEFAULT, uniqueKey(payload), 1,
                payload);

        // when it runs
        kafka.send(command);

        // then it fails without retry (the scheduler dead-letters it at once), naming the reason, and nothing is
        // stored or published
        JobFailed failed = kafka.awaitValue(JobFailed.class, event -> event.getJobId().equals(command.getJobId()));
        assertThat(failed.getRetriable()).isFalse();
        assertThat(failed.getError().getMessage()).contains("certificate of user " + userId,
                "completed 2 of 3 required episodes; a certificate needs all of them");
        String certificateId = CertificationService.certificateId(userId, payload.getCourseId());
        assertThat(storage.list("certificates/kafka-streams/" + certificateId + "/")).isEmpty();
        assertThat(kafka.records(CertificateGenerated.class, event -> event.getUserId().equals(userId))).isEmpty();
    }

    private byte[] read(String key) throws Exception {
        try (InputStream in = storage.openStream(key)) {
            return in.readAllBytes();
        }
    }

    /** The scheduler's unique key of a certificate job: one per user, course and template version. */
    private static String uniqueKey(GenerateCourseCertificate payload) {
        return payload.getUserId() + ":" + payload.getCourseId() + ":v" + payload.getTemplateVersion();
    }
}
