// Tier: IT (the shared broker: what a worker reads back from notifications.mail-receipts when it is assigned partitions)
package io.coursestream.workers.notifications;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

import io.coursestream.schemas.common.EventMetadata;
import io.coursestream.schemas.notifications.MailReceipt;
import io.coursestream.schemas.serde.AvroSerdes;
import io.coursestream.schemas.topics.Topics;
import io.coursestream.testkit.CoursestreamIT;
import io.coursestream.testkit.TestEnvironment;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/**
 * {@link MailReceipts#load}: on assignment a worker holds the receipts of the last {@code lookback} of exactly the
 * partitions it was assigned, and forgets a partition it loses.
 */
@CoursestreamIT
class MailReceiptsIT {

    private static final Duration LOOKBACK = Duration.ofHours(1);

    private final TestEnvironment env;
    private final Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    private final String run = UUID.randomUUID().toString();

    MailReceiptsIT(TestEnvironment env) {
        this.env = env;
    }

    @Test
    void shouldHoldTheRecentReceiptsOfTheAssignedPartitionsOnly() throws Exception {
        // given receipts on partitions 2 and 4: on 2 one of ten minutes ago and one of two hours ago
        String recent = run + ":recent";
        String old = run + ":old";
        String elsewhere = run + ":elsewhere";
        write(2, recent, now.minus(Duration.ofMinutes(10)));
        write(2, old, now.minus(Duration.ofHours(2)));
        write(4, elsewhere, now.minus(Duration.ofMinutes(5)));
        MailReceipts receipts = new MailReceipts(null, null, () -> MailReceipts.reader(env.bootstrapServers()),
                LOOKBACK, Clock.fixed(now, ZoneOffset.UTC), new SimpleMeterRegistry());

        // when partitions 2 and 3 of jobs.emails are assigned
        receipts.load(List.of(2, 3));

        // then the recent receipt of partition 2 is held, the one older than the lookback and partition 4's are not
        assertThat(receipts.holds(2, recent)).isTrue();
        assertThat(receipts.holds(2, old)).isFalse();
        assertThat(receipts.holds(4, elsewhere)).isFalse();
        assertThat(receipts.holds(3, recent)).isFalse();

        // and once partition 2 is revoked and 4 assigned, only partition 4's
        receipts.forget(List.of(2));
        receipts.load(List.of(4));
        assertThat(receipts.holds(2, recent)).isFalse();
        assertThat(receipts.holds(4, elsewhere)).isTrue();
    }

    private void write(int partition, String notificationId, Instant acceptedAt) throws Exception {
        var config = AvroSerdes.forRegistry(env.registryUrl()).producerConfig();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, env.bootstrapServers());
        try (KafkaProducer<String, SpecificRecord> producer = new KafkaProducer<>(config)) {
            MailReceipt receipt = MailReceipt.newBuilder()
                    .setMetadata(EventMetadata.newBuilder().setEventId(UUID.randomUUID()).setOccurredAt(acceptedAt)
                            .setCorrelationId(run).setCausationId("job-" + notificationId).setProducer("workers")
                            .build())
                    .setNotificationId(notificationId)
                    .setJobId("job-" + notificationId)
                    .setMessageId(NotificationService.messageId(notificationId))
                    .build();
            producer.send(new ProducerRecord<>(Topics.MAIL_RECEIPTS.name(), partition, acceptedAt.toEpochMilli(),
                    notificationId, receipt)).get();
        }
    }
}
