// Tier: unit (the certificates commands' arguments, usage errors and the records they build; no broker)
package io.coursestream.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.coursestream.schemas.certificates.CertificateExpired;
import io.coursestream.schemas.certificates.CertificateRevoked;
import io.coursestream.schemas.control.GenerateCourseCertificates;
import io.coursestream.schemas.topics.Topics;

class CertificatesCommandTest {

    private static final String CODE = "7K3M-Q9XA-2B4C-HR8T";
    private static final Instant AT = Instant.parse("2026-11-28T10:00:00Z");

    /** Kafka at a port nothing listens on: a command that got past its checks would fail with exit 1, not 2. */
    private final CliHarness cli = new CliHarness("--bootstrap-servers", "127.0.0.1:" + closedPort(),
            "--registry-url", "http://127.0.0.1:" + closedPort() + "/apis/registry/v3");

    @Test
    void shouldListTheSubcommandsInTheHelpOfCertificates() {
        int exit = cli.execute("certificates", "--help");

        assertThat(exit).isZero();
        assertThat(cli.out()).contains("Commands:").containsPattern("(?m)^  revoke ").containsPattern("(?m)^  expire ")
                .containsPattern("(?m)^  regenerate ");
    }

    @Test
    void shouldNameCertificatesInTheTopLevelHelp() {
        int exit = cli.execute("--help");

        assertThat(exit).isZero();
        assertThat(cli.out()).containsPattern("(?m)^  certificates ").contains("certificates.");
    }

    @Test
    void shouldTakeACodeInAnyCaseAsItsUpperCaseForm() {
        CertificateRevokeCommand revoke = CliHarness.parsed(CertificateRevokeCommand.class,
                "certificates", "revoke", "7k3m-Q9xa-2b4c-hr8t", "--reason", "plagiarism");
        CertificateExpireCommand expire = CliHarness.parsed(CertificateExpireCommand.class,
                "certificates", "expire", " 7k3m-q9xa-2b4c-hr8t ", "--at", "2026-11-01T00:00:00Z");

        assertThat(revoke.code).isEqualTo(CODE);
        assertThat(revoke.reason).isEqualTo("plagiarism");
        assertThat(expire.code).isEqualTo(CODE);
        assertThat(expire.at).isEqualTo(Instant.parse("2026-11-01T00:00:00Z"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"7K3M-Q9XA-2B4C", "7K3MQ9XA2B4CHR8T", "7K3M-Q9XA-2B4C-HR8TX", "7K3M-Q9XA-2B4C-HR8U",
            "IK3M-Q9XA-2B4C-HR8T", "7K3M-Q9XL-2B4C-HR8T", "7K3M-Q9XA-2B4O-HR8T", "7K3M_Q9XA_2B4C_HR8T",
            "7K3-MQ9XA-2B4C-HR8T", "7K3M-Q9XA-2B4C-HR8Ä", ""})
    void shouldRefuseACodeThatIsNotFourGroupsOfFourCrockfordCharacters(String code) {
        int revoke = cli.execute("certificates", "revoke", code, "--reason", "plagiarism");
        String revokeErr = cli.err();
        cli.clear();
        int expire = cli.execute("certificates", "expire", code);

        assertThat(revoke).isEqualTo(2);
        assertThat(revokeErr).contains("'" + code + "' is not a verification code")
                .contains("XXXX-XXXX-XXXX-XXXX").doesNotContain("error:");
        assertThat(expire).isEqualTo(2);
        assertThat(cli.err()).contains("'" + code + "' is not a verification code").doesNotContain("error:");
        assertThat(cli.out()).isEmpty();
    }

    @Test
    void shouldRequireAReasonThatIsNotBlankToRevoke() {
        int missing = cli.execute("certificates", "revoke", CODE);
        String missingErr = cli.err();
        cli.clear();
        int blank = cli.execute("certificates", "revoke", CODE, "--reason", "  ");

        assertThat(missing).isEqualTo(2);
        assertThat(missingErr).contains("Missing required option: '--reason=<text>'");
        assertThat(blank).isEqualTo(2);
        assertThat(cli.err()).contains("--reason must not be blank").doesNotContain("error:");
        assertThat(cli.out()).isEmpty();
    }

    @Test
    void shouldRefuseAnExpiryInstantThatIsNotIso8601() {
        int exit = cli.execute("certificates", "expire", CODE, "--at", "yesterday");

        assertThat(exit).isEqualTo(2);
        assertThat(cli.err()).contains("--at").contains("yesterday");
    }

    @Test
    void shouldRegenerateInBatchesOfAHundredWithoutMailAndWaitTenMinutesByDefault() {
        CertificateRegenerateCommand regenerate = CliHarness.parsed(CertificateRegenerateCommand.class,
                "certificates", "regenerate", "--course", "course-1", "--template-version", "3");

        assertThat(regenerate.courseId).isEqualTo("course-1");
        assertThat(regenerate.templateVersion).isEqualTo(3);
        assertThat(regenerate.batchSize).isEqualTo(100);
        assertThat(regenerate.notifyLearners).isFalse();
        assertThat(regenerate.timeout).isEqualTo(Duration.ofMinutes(10));
    }

    @Test
    void shouldRequireACourseAndATemplateVersionToRegenerate() {
        int noCourse = cli.execute("certificates", "regenerate", "--template-version", "2");
        String noCourseErr = cli.err();
        cli.clear();
        int noVersion = cli.execute("certificates", "regenerate", "--course", "course-1");
        String noVersionErr = cli.err();
        cli.clear();
        int blankCourse = cli.execute("certificates", "regenerate", "--course", " ", "--template-version", "2");

        assertThat(noCourse).isEqualTo(2);
        assertThat(noCourseErr).contains("Missing required option: '--course=<courseId>'");
        assertThat(noVersion).isEqualTo(2);
        assertThat(noVersionErr).contains("Missing required option: '--template-version=<n>'");
        assertThat(blankCourse).isEqualTo(2);
        assertThat(cli.err()).contains("--course must not be blank");
    }

    @Test
    void shouldRefuseATemplateVersionBelowOne() {
        int exit = cli.execute("certificates", "regenerate", "--course", "course-1", "--template-version", "0");

        assertThat(exit).isEqualTo(2);
        assertThat(cli.err()).contains("--template-version starts at 1, not 0").doesNotContain("error:");
        assertThat(cli.out()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-5", "10001"})
    void shouldRefuseABatchSizeOutsideOneToTenThousand(String batchSize) {
        int exit = cli.execute("certificates", "regenerate", "--course", "course-1", "--template-version", "2",
                "--batch-size", batchSize);

        assertThat(exit).isEqualTo(2);
        assertThat(cli.err()).contains("--batch-size must be between 1 and 10000, not " + batchSize)
                .doesNotContain("error:");
        assertThat(cli.out()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"PT0S", "-PT5S"})
    void shouldRefuseATimeoutThatIsNotPositive(String timeout) {
        int exit = cli.execute("certificates", "regenerate", "--course", "course-1", "--template-version", "2",
                "--timeout", timeout);

        assertThat(exit).isEqualTo(2);
        assertThat(cli.err()).contains("--timeout must be positive").doesNotContain("error:");
        assertThat(cli.out()).isEmpty();
    }

    @Test
    void shouldRefuseATimeoutThatIsNotADuration() {
        int exit = cli.execute("certificates", "regenerate", "--course", "course-1", "--template-version", "2",
                "--timeout", "10m");

        assertThat(exit).isEqualTo(2);
        assertThat(cli.err()).contains("--timeout").contains("10m");
    }

    @Test
    void shouldBuildARevocationKeyedByTheCodeAsItsOwnFlowFromTheAdmin() {
        ProducerRecord<String, SpecificRecord> record =
                CertificateStatusWriter.revoked(CODE, "plagiarism", "alice", AT);

        assertThat(record.topic()).isEqualTo(Topics.CERTIFICATE_STATUS.name());
        assertThat(record.key()).isEqualTo(CODE);
        assertThat(record.value()).isInstanceOfSatisfying(CertificateRevoked.class, revoked -> {
            assertThat(revoked.getVerificationCode()).isEqualTo(CODE);
            assertThat(revoked.getReason()).isEqualTo("plagiarism");
            assertThat(revoked.getRevokedBy()).isEqualTo("alice");
            assertThat(revoked.getRevokedAt()).isEqualTo(AT);
            assertThat(revoked.getMetadata().getOccurredAt()).isEqualTo(AT);
            assertThat(revoked.getMetadata().getProducer()).isEqualTo("admin");
            assertThat(revoked.getMetadata().getCorrelationId())
                    .isEqualTo(revoked.getMetadata().getEventId().toString());
            assertThat(revoked.getMetadata().getCausationId()).isNull();
        });
    }

    @Test
    void shouldBuildAnExpiryKeyedByTheCodeWrittenNowForTheGivenInstant() {
        Instant expiredAt = Instant.parse("2026-11-01T00:00:00Z");

        ProducerRecord<String, SpecificRecord> record = CertificateStatusWriter.expired(CODE, expiredAt, AT);

        assertThat(record.topic()).isEqualTo(Topics.CERTIFICATE_STATUS.name());
        assertThat(record.key()).isEqualTo(CODE);
        assertThat(record.value()).isInstanceOfSatisfying(CertificateExpired.class, expired -> {
            assertThat(expired.getVerificationCode()).isEqualTo(CODE);
            assertThat(expired.getExpiredAt()).isEqualTo(expiredAt);
            assertThat(expired.getMetadata().getOccurredAt()).isEqualTo(AT);
            assertThat(expired.getMetadata().getProducer()).isEqualTo("admin");
        });
    }

    @Test
    void shouldBuildOneRegenerationCommandKeyedByANewCommandId() {
        ProducerRecord<String, SpecificRecord> first =
                CertificateRegenerationCommands.generate("course-1", 3, 250, true, "alice", AT);
        ProducerRecord<String, SpecificRecord> second =
                CertificateRegenerationCommands.generate("course-1", 3, 250, true, "alice", AT);

        assertThat(first.topic()).isEqualTo(Topics.CONTROL_COMMANDS.name());
        assertThat(first.key()).isNotEqualTo(second.key());
        assertThat(first.value()).isInstanceOfSatisfying(GenerateCourseCertificates.class, command -> {
            assertThat(UUID.fromString(command.getCommandId()).toString()).isEqualTo(first.key());
            assertThat(command.getRequestedBy()).isEqualTo("alice");
            assertThat(command.getCourseId()).isEqualTo("course-1");
            assertThat(command.getTemplateVersion()).isEqualTo(3);
            assertThat(command.getBatchSize()).isEqualTo(250);
            assertThat(command.getNotifyLearners()).isTrue();
            assertThat(command.getMetadata().getCorrelationId()).isEqualTo(first.key());
            assertThat(command.getMetadata().getOccurredAt()).isEqualTo(AT);
            assertThat(command.getMetadata().getProducer()).isEqualTo("admin");
        });
    }

    /** A port nothing listens on: the OS gave it to us a moment ago and we closed it again. */
    private static int closedPort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
