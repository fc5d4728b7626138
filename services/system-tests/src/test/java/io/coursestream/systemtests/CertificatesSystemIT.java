// Tier: system IT (the processor and the workers as processes, the admin CLI in this JVM, on the shared test broker,
// registry, S3 and SMTP servers)
package io.coursestream.systemtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.mail.internet.MimeMessage;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.coursestream.schemas.certificates.CertificateDelivered;
import io.coursestream.schemas.certificates.CertificateGenerated;
import io.coursestream.schemas.common.LocaleSettings;
import io.coursestream.schemas.common.Money;
import io.coursestream.schemas.courses.CoursePublished;
import io.coursestream.schemas.courses.EpisodeSummary;
import io.coursestream.schemas.learning.CourseCompleted;
import io.coursestream.schemas.topics.Topics;
import io.coursestream.schemas.users.UserRegistered;
import io.coursestream.testkit.QrCodes;
import io.coursestream.testkit.TestEnvironment;
import io.coursestream.topology.testing.InputEvents;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A course completed, certified and verified, across the processes: a learner's episodes complete a course in the
 * processor, which asks for one certificate; the workers render it, store it privately and mail it; its printed text
 * names the learner, the course and the code, its QR code leads to the processor's verification answer; an
 * administrator regenerates it with a new template (same code) and then revokes it with the admin CLI.
 */
class CertificatesSystemIT {

    private static final Duration TIMEOUT = Duration.ofMinutes(3);
    private static final String BUCKET = "certificates-system-it";

    @TempDir
    Path stateDir;

    @Test
    void shouldCertifyACompletedCourseOnceRegenerateItAndVerifyItUntilRevoked() throws Exception {
        TestEnvironment env = TestEnvironment.get();
        String learner = UUID.randomUUID().toString();
        String course = "course-" + UUID.randomUUID();
        String email = "learner-" + learner + "@example.org";
        Instant at = Instant.now().minus(Duration.ofMinutes(30)).truncatedTo(ChronoUnit.MILLIS);
        HttpClient http = HttpClient.newHttpClient();
        try (Applications apps = Applications.processors(env, stateDir, 1);
                KafkaProducer<String, SpecificRecord> producer = LearningEvents.producer(env);
                Journal journal = new Journal(env, List.of(Topics.PROGRESS_EVENTS.name(),
                        Topics.CERTIFICATE_EVENTS.name()))) {
            String verificationBase = apps.api() + "/api/certificates/";
            apps.startWorkers(Map.of("coursestream.storage.create-bucket", "true",
                    "coursestream.certificates.bucket", BUCKET,
                    "coursestream.certificates.verification-base-url", verificationBase));

            // given a course of two required episodes and a German-speaking learner
            producer.send(new ProducerRecord<>(Topics.CATALOG_EVENTS.name(), course, CoursePublished.newBuilder()
                    .setMetadata(InputEvents.metadata(at)).setCourseId(course).setTitle("Stream Processing mit Kafka")
                    .setLocale("de").setPrice(new Money(4_900L, "EUR")).setInstructorId("instructor-1")
                    .setEpisodes(List.of(new EpisodeSummary("e1", "Grundlagen", 1, true, 600L),
                            new EpisodeSummary("e2", "Zustand", 2, true, 600L),
                            new EpisodeSummary("e3", "Extras", 3, false, 600L)))
                    .setCertificateValidityDays(null).build())).get();
            producer.send(new ProducerRecord<>(Topics.USER_EVENTS.name(), learner, UserRegistered.newBuilder(
                    InputEvents.userRegistered(learner, at.plusSeconds(1))).setEmail(email)
                    .setDisplayName("Zoë Łukasiewicz").setLocaleSettings(new LocaleSettings("de-DE", "Europe/Berlin"))
                    .build())).get();
            // the optional episode first: once the progress counts the course's episodes, the course is known
            producer.send(new ProducerRecord<>(Topics.LEARNING_EVENTS.name(), learner,
                    LearningEvents.episodeCompleted(learner, course, "e3", at.plusSeconds(60)))).get();
            await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(200)).until(
                    () -> get(http, apps.api() + "/api/users/" + learner + "/courses/" + course + "/progress"),
                    answer -> answer.statusCode() == 200 && answer.body().contains("\"totalEpisodeCount\":3"));

            // when the learner completes both required episodes, one of them twice
            for (String episode : List.of("e1", "e2", "e2")) {
                producer.send(new ProducerRecord<>(Topics.LEARNING_EVENTS.name(), learner,
                        LearningEvents.episodeCompleted(learner, course, episode, at.plusSeconds(120)))).get();
            }

            // then the course is completed once and one certificate is generated, stored privately
            CourseCompleted completed = journal.await(CourseCompleted.class,
                    completion -> completion.getUserId().equals(learner), TIMEOUT);
            assertThat(completed.getCourseId()).isEqualTo(course);
            CertificateGenerated generated = journal.await(CertificateGenerated.class,
                    certificate -> certificate.getUserId().equals(learner), TIMEOUT);
            String code = generated.getVerificationCode();
            assertThat(generated.getVerificationUrl()).isEqualTo(verificationBase + code);
            assertThat(generated.getLocale()).isEqualTo("de");
            byte[] pdf;
            try (S3Client s3 = s3(env)) {
                pdf = s3.getObjectAsBytes(request -> request.bucket(generated.getBucket())
                        .key(generated.getObjectKey())).asByteArray();
                assertThat(s3.getObjectAcl(request -> request.bucket(generated.getBucket())
                        .key(generated.getObjectKey())).grants())
                        .noneSatisfy(grant -> assertThat(String.valueOf(grant.grantee().uri())).contains("AllUsers"));
            }
            assertThat(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(pdf)))
                    .isEqualTo(generated.getSha256());

            // whose text holds the learner, the course and the code, and whose QR code leads to the verification
            try (PDDocument document = Loader.loadPDF(pdf)) {
                assertThat(document.getNumberOfPages()).isEqualTo(1);
                assertThat(document.getPage(0).getMediaBox().getWidth())
                        .isGreaterThan(document.getPage(0).getMediaBox().getHeight());
                String text = new PDFTextStripper().getText(document);
                assertThat(text).contains("Zoë Łukasiewicz", "Stream Processing mit Kafka", code);
                assertThat(QrCodes.scan(pdf).getText()).isEqualTo(generated.getVerificationUrl());
            }
            HttpResponse<String> verification = get(http, generated.getVerificationUrl());
            assertThat(verification.statusCode()).isEqualTo(200);
            assertThat(verification.body()).contains("\"status\":\"ACTIVE\"", "Zoë Łukasiewicz",
                    "Stream Processing mit Kafka");

            // and the learner gets it by mail
            CertificateDelivered delivered = journal.await(CertificateDelivered.class,
                    delivery -> delivery.getVerificationCode().equals(code), TIMEOUT);
            MimeMessage mail = Arrays.stream(env.greenMail().getReceivedMessages())
                    .filter(message -> messageId(message).equals(delivered.getMessageId())).findFirst().orElseThrow();
            assertThat(mail.getAllRecipients()).extracting(Object::toString).containsExactly(email);

            // when an administrator regenerates the course's certificates with template 2
            Cli.Result regenerate = new Cli(env, apps.api()).run("certificates", "regenerate", "--course", course,
                    "--template-version", "2", "--timeout", "PT2M");
            assertThat(regenerate.exitCode()).as(regenerate.err()).isZero();
            assertThat(regenerate.out()).contains("1 certificate enqueued");

            // then the certificate is rendered again with its code, stored beside the first, and not mailed again
            CertificateGenerated regenerated = journal.await(CertificateGenerated.class,
                    certificate -> certificate.getUserId().equals(learner) && certificate.getRegenerated(), TIMEOUT);
            assertThat(regenerated.getVerificationCode()).isEqualTo(code);
            assertThat(regenerated.getTemplateVersion()).isEqualTo(2);
            assertThat(regenerated.getIssuedAt()).isEqualTo(generated.getIssuedAt());
            assertThat(regenerated.getObjectKey()).endsWith("/v2.pdf").isNotEqualTo(generated.getObjectKey());
            assertThat(regenerated.getEmail()).isNull();

            // when an administrator revokes it
            Cli.Result revoke = new Cli(env, apps.api()).run("certificates", "revoke", code.toLowerCase(),
                    "--reason", "issued for the wrong course");
            assertThat(revoke.exitCode()).as(revoke.err()).isZero();

            // then verification answers revoked; and the course was certified once
            await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(200)).until(
                    () -> get(http, generated.getVerificationUrl()).body(),
                    body -> body.contains("\"status\":\"REVOKED\""));
            assertThat(journal.all(CourseCompleted.class, completion -> completion.getUserId().equals(learner)))
                    .hasSize(1);
            assertThat(journal.all(CertificateGenerated.class, certificate -> certificate.getUserId().equals(learner)
                    && !certificate.getRegenerated())).hasSize(1);
            assertThat(journal.all(CertificateDelivered.class, delivery -> delivery.getVerificationCode().equals(code)))
                    .hasSize(1);
        }
    }

    private static HttpResponse<String> get(HttpClient http, String url) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private static String messageId(MimeMessage message) {
        try {
            return String.valueOf(message.getMessageID());
        } catch (jakarta.mail.MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static S3Client s3(TestEnvironment env) {
        return S3Client.builder()
                .endpointOverride(URI.create(env.s3Endpoint()))
                .region(Region.of(env.s3Region()))
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(env.s3AccessKey(), env.s3SecretKey())))
                .forcePathStyle(true)
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }
}
