// Tier: IT (the shared broker and registry: what the certificates commands write to certificates.certificate-status
// and control.commands, and how regenerate follows certificates.regeneration-runs; this test answers in place of the
// stream processor, so the CLI's side is tested: what it writes, what it reads, and how it adds it up)
package io.coursestream.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.coursestream.schemas.certificates.CertificateExpired;
import io.coursestream.schemas.certificates.CertificateRegenerationBatchEnqueued;
import io.coursestream.schemas.certificates.CertificateRevoked;
import io.coursestream.schemas.common.EventMetadata;
import io.coursestream.schemas.control.GenerateCourseCertificates;
import io.coursestream.schemas.topics.Topics;
import io.coursestream.testkit.CoursestreamIT;
import io.coursestream.testkit.TestEnvironment;

@CoursestreamIT
class CertificatesIT {

    /** The partitions of the processor's certificates, each of which answers a regeneration. */
    private static final int PARTITIONS = Topics.CERTIFICATE_EVENTS.partitions();
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final TestEnvironment env;
    private final String operator = "operator-" + UUID.randomUUID();
    private final String courseId = "course-" + UUID.randomUUID();
    private final CliHarness cli;
    private CompletableFuture<ConsumerRecord<String, SpecificRecord>> processor;

    CertificatesIT(TestEnvironment env) {
        this.env = env;
        this.cli = new CliHarness("--bootstrap-servers", env.bootstrapServers(), "--registry-url", env.registryUrl(),
                "--operator", operator);
    }

    @AfterEach
    void processorHasAnswered() throws Exception {
        if (processor != null) {
            processor.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        }
    }

    /** A code no other test uses: 16 random Crockford base-32 characters in groups of four. */
    private static String newCode() {
        StringBuilder code = new StringBuilder();
        for (int i = 0; i < 16; i++) {
            if (i > 0 && i % 4 == 0) {
                code.append('-');
            }
            code.append(CROCKFORD.charAt(RANDOM.nextInt(CROCKFORD.length())));
        }
        return code.toString();
    }

    @Test
    void shouldWriteARevocationKeyedByTheCodeByTheOperatorWithTheReason() {
        String code = newCode();
        ControlCommandsTopic status = ControlCommandsTopic.mark(env, Topics.CERTIFICATE_STATUS);
        Instant before = Instant.now();

        int exit = cli.execute("certificates", "revoke", code.toLowerCase(Locale.ROOT),
                "--reason", "final exam copied from another learner");

        assertThat(exit).as(cli.err()).isZero();
        assertThat(cli.out()).isEqualTo("certificate " + code + " revoked" + System.lineSeparator());
        assertThat(status.writtenSinceMark()).singleElement().satisfies(record -> {
            assertThat(record.key()).isEqualTo(code);
            assertThat(record.value()).isInstanceOfSatisfying(CertificateRevoked.class, revoked -> {
                assertThat(revoked.getVerificationCode()).isEqualTo(code);
                assertThat(revoked.getReason()).isEqualTo("final exam copied from another learner");
                assertThat(revoked.getRevokedBy()).isEqualTo(operator);
                assertThat(revoked.getRevokedAt()).isBetween(before.minusMillis(1), Instant.now());
                assertThat(revoked.getMetadata().getProducer()).isEqualTo("admin");
                assertThat(revoked.getMetadata().getCorrelationId())
                        .isEqualTo(revoked.getMetadata().getEventId().toString());
            });
        });
        assertThat(cli.err()).isEmpty();
    }

    @Test
    void shouldWriteAnExpiryKeyedByTheCodeAtTheGivenInstantOrNow() {
        String given = newCode();
        String now = newCode();
        ControlCommandsTopic status = ControlCommandsTopic.mark(env, Topics.CERTIFICATE_STATUS);
        Instant before = Instant.now();

        int atGiven = cli.execute("certificates", "expire", given, "--at", "2026-11-01T00:00:00Z");
        int atNow = cli.execute("certificates", "expire", now);

        assertThat(atGiven).as(cli.err()).isZero();
        assertThat(atNow).as(cli.err()).isZero();
        List<ConsumerRecord<String, SpecificRecord>> written = status.writtenSinceMark();
        assertThat(written).hasSize(2);
        Map<String, CertificateExpired> byKey = written.stream()
                .collect(Collectors.toMap(ConsumerRecord::key, record -> (CertificateExpired) record.value()));
        assertThat(byKey).containsOnlyKeys(given, now);
        assertThat(byKey.get(given).getVerificationCode()).isEqualTo(given);
        assertThat(byKey.get(given).getExpiredAt()).isEqualTo(Instant.parse("2026-11-01T00:00:00Z"));
        assertThat(byKey.get(given).getMetadata().getOccurredAt()).isBetween(before.minusMillis(1), Instant.now());
        assertThat(byKey.get(now).getVerificationCode()).isEqualTo(now);
        assertThat(byKey.get(now).getExpiredAt()).isBetween(before.minusMillis(1), Instant.now());
        assertThat(cli.out().lines()).containsExactly("certificate " + given + " expired at 2026-11-01T00:00:00Z",
                "certificate " + now + " expired at " + byKey.get(now).getExpiredAt());
    }

    @Test
    void shouldWriteNothingForAMalformedCode() {
        ControlCommandsTopic status = ControlCommandsTopic.mark(env, Topics.CERTIFICATE_STATUS);

        int revoke = cli.execute("certificates", "revoke", "7K3M-Q9XA-2B4C-HR8U", "--reason", "plagiarism");
        int expire = cli.execute("certificates", "expire", "7K3MQ9XA2B4CHR8T");

        assertThat(revoke).isEqualTo(2);
        assertThat(expire).isEqualTo(2);
        assertThat(cli.err()).contains("'7K3M-Q9XA-2B4C-HR8U' is not a verification code")
                .contains("'7K3MQ9XA2B4CHR8T' is not a verification code");
        assertThat(status.writtenSinceMark()).isEmpty();
    }

    /**
     * Plays the stream processor's part: waits for this test's GenerateCourseCertificates on control.commands (from
     * the end as it is now) and writes the batches {@code answer} makes of it to certificates.regeneration-runs, keyed
     * by the command id, in one committed transaction; a batch of another run comes first, which the CLI must not
     * count. Returns the command record it saw.
     */
    private CompletableFuture<ConsumerRecord<String, SpecificRecord>> answerWith(
            Function<GenerateCourseCertificates, List<CertificateRegenerationBatchEnqueued>> answer) {
        return ProcessorStandIn.answerNext(env, GenerateCourseCertificates.class,
                command -> operator.equals(command.getRequestedBy()), (command, producer) -> {
                    producer.beginTransaction();
                    producer.send(batchRecord(batch(otherRun(command), 5, 1, 999, 999, 999, true)));
                    answer.apply(command).forEach(batch -> producer.send(batchRecord(batch)));
                    producer.commitTransaction();
                });
    }

    private static GenerateCourseCertificates otherRun(GenerateCourseCertificates command) {
        return GenerateCourseCertificates.newBuilder(command).setCommandId(UUID.randomUUID().toString()).build();
    }

    private static CertificateRegenerationBatchEnqueued batch(GenerateCourseCertificates command, int partition,
            int batch, int jobs, int enqueued, int total, boolean finished) {
        return CertificateRegenerationBatchEnqueued.newBuilder()
                .setMetadata(EventMetadata.newBuilder().setEventId(UUID.randomUUID()).setOccurredAt(Instant.now())
                        .setCorrelationId(command.getCommandId())
                        .setCausationId(command.getMetadata().getEventId().toString())
                        .setProducer("stream-processor").build())
                .setCommandId(command.getCommandId())
                .setCourseId(command.getCourseId())
                .setTemplateVersion(command.getTemplateVersion())
                .setPartition(partition)
                .setPartitions(PARTITIONS)
                .setBatch(batch)
                .setJobs(jobs)
                .setEnqueued(enqueued)
                .setTotal(total)
                .setFinished(finished)
                .build();
    }

    /** Partition 2 holds 150 certificates of the course (two batches of 100); the others have none. */
    private static List<CertificateRegenerationBatchEnqueued> partitionTwoInTwoBatches(
            GenerateCourseCertificates command, int partitions) {
        List<CertificateRegenerationBatchEnqueued> batches = new ArrayList<>();
        for (int partition = 0; partition < partitions; partition++) {
            if (partition == 2) {
                batches.add(batch(command, 2, 1, 100, 100, 150, false));
                batches.add(batch(command, 2, 2, 50, 150, 150, true));
            } else {
                batches.add(batch(command, partition, 1, 0, 0, 0, true));
            }
        }
        return batches;
    }

    private static ProducerRecord<String, SpecificRecord> batchRecord(CertificateRegenerationBatchEnqueued batch) {
        return new ProducerRecord<>(Topics.CERTIFICATE_REGENERATIONS.name(), batch.getCommandId(), batch);
    }

    @Test
    void shouldWriteOneCommandAndPrintEveryBatchAndTheTotalOnceEveryPartitionFinished() throws Exception {
        ControlCommandsTopic commands = ControlCommandsTopic.mark(env);
        processor = answerWith(command -> partitionTwoInTwoBatches(command, PARTITIONS));

        int exit = cli.execute("certificates", "regenerate", "--course", courseId, "--template-version", "4",
                "--notify");

        assertThat(exit).as(cli.err()).isZero();
        ConsumerRecord<String, SpecificRecord> seen = processor.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        GenerateCourseCertificates command = (GenerateCourseCertificates) seen.value();
        String commandId = command.getCommandId();
        assertThat(seen.key()).isEqualTo(commandId);
        assertThat(commands.writtenSinceMark()).singleElement().satisfies(record -> {
            assertThat(record.key()).isEqualTo(commandId);
            assertThat(record.value()).isEqualTo(command);
        });
        assertThat(command.getCourseId()).isEqualTo(courseId);
        assertThat(command.getTemplateVersion()).isEqualTo(4);
        assertThat(command.getBatchSize()).isEqualTo(100);
        assertThat(command.getNotifyLearners()).isTrue();
        assertThat(command.getRequestedBy()).isEqualTo(operator);
        assertThat(command.getMetadata().getProducer()).isEqualTo("admin");
        assertThat(command.getMetadata().getCorrelationId()).isEqualTo(commandId);
        assertThat(cli.out().lines().toList()).containsExactly(
                "regeneration " + commandId + " of course " + courseId + " with template v4 requested (batches of "
                        + "100, learners notified); waiting up to 600 s for every partition to finish",
                "partition 0 batch 1: 0/0 certificates enqueued",
                "partition 1 batch 1: 0/0 certificates enqueued",
                "partition 2 batch 1: 100/150 certificates enqueued",
                "partition 2 batch 2: 150/150 certificates enqueued",
                "partition 3 batch 1: 0/0 certificates enqueued",
                "partition 4 batch 1: 0/0 certificates enqueued",
                "partition 5 batch 1: 0/0 certificates enqueued",
                "regeneration " + commandId + " of course " + courseId + " with template v4: 150 certificates "
                        + "enqueued in 2 batches");
        assertThat(cli.err()).isEmpty();
    }

    @Test
    void shouldExitOneNamingThePartitionThatDidNotFinishInTime() {
        processor = answerWith(command -> partitionTwoInTwoBatches(command, PARTITIONS - 1));

        int exit = cli.execute("certificates", "regenerate", "--course", courseId, "--template-version", "2",
                "--batch-size", "100", "--timeout", "PT3S");

        assertThat(exit).isEqualTo(1);
        List<String> lines = cli.out().lines().toList();
        assertThat(lines).hasSize(8);
        assertThat(lines.subList(1, 7)).containsExactly(
                "partition 0 batch 1: 0/0 certificates enqueued",
                "partition 1 batch 1: 0/0 certificates enqueued",
                "partition 2 batch 1: 100/150 certificates enqueued",
                "partition 2 batch 2: 150/150 certificates enqueued",
                "partition 3 batch 1: 0/0 certificates enqueued",
                "partition 4 batch 1: 0/0 certificates enqueued");
        assertThat(lines.get(7)).startsWith("regeneration ").endsWith(" of course " + courseId + " with template v2: "
                + "150 certificates enqueued in 2 batches so far; partition 5 has not finished");
        assertThat(cli.err()).startsWith("error: regeneration ")
                .endsWith(": 5 of 6 partitions finished within 3 s, not finished: 5" + System.lineSeparator());
        assertThat(cli.err().strip().lines()).hasSize(1);
    }

    @Test
    void shouldSaySoWhenNoPartitionAnswers() {
        int exit = cli.execute("certificates", "regenerate", "--course", courseId, "--template-version", "2",
                "--timeout", "PT2S");

        assertThat(exit).isEqualTo(1);
        assertThat(cli.out()).contains("no partition has reported on regeneration ");
        assertThat(cli.err()).startsWith("error: no partition answered regeneration ")
                .contains("within 2 s; is the stream processor running with the certificates topology?");
    }
}
