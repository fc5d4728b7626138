package io.coursestream.workers.notifications;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import io.coursestream.schemas.notifications.MailReceipt;
import io.coursestream.schemas.topics.Topics;
import io.coursestream.workers.JobContext;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;

/**
 * The e-mail workers' dedupe store: which notifications' mails the SMTP server accepted recently, per partition of
 * {@code jobs.emails}, so a job run again (delivered again after a worker died before committing it, or retried after
 * a failure past the send) does not mail twice.
 *
 * <p>After the SMTP server accepts a mail, {@link MailGuard#accepted} writes a {@link MailReceipt} to
 * {@code notifications.mail-receipts}, on the partition the job was read from, and waits for the broker's
 * acknowledgement before the job reports; the receipt is also kept here. When a worker is assigned partitions of
 * {@code jobs.emails} ({@link MailReceiptsLoader}, before it is given their records), it reads the receipts of those
 * partitions written in the last {@code lookback}; a partition it loses is forgotten. So the check before each send
 * is a lookup in memory, and only a reassignment reads the topic: the store costs one produce per mail. What it does
 * not cover is the moment between the SMTP server's acceptance and the receipt's acknowledgement: a worker killed
 * there sends that one mail again, with the same {@code Message-ID}.
 *
 * <p>Memory: the receipts of the partitions held, of the last {@code lookback} (about 75 bytes each: 1 hour at 250
 * mails/s on one worker is 900,000 receipts, some 70 MB); older ones are dropped as new ones arrive.
 */
@ApplicationScoped
public class MailReceipts {

    private static final Logger LOG = Logger.getLogger(MailReceipts.class);

    /** The outgoing channel of {@code notifications.mail-receipts}. */
    public static final String CHANNEL = "mail-receipts";

    private static final Duration READ_TIMEOUT = Duration.ofSeconds(30);

    private final MutinyEmitter<MailReceipt> emitter;
    private final NotificationEvents events;
    private final Supplier<Consumer<String, byte[]>> readers;
    private final Duration lookback;
    private final Clock clock;
    private final Counter suppressed;
    private final ConcurrentMap<Integer, PartitionReceipts> partitions = new ConcurrentHashMap<>();

    @Inject
    MailReceipts(@Channel(CHANNEL) MutinyEmitter<MailReceipt> emitter, NotificationEvents events,
            @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers, NotificationsConfig config,
            Clock clock, MeterRegistry meters) {
        this(emitter, events, () -> reader(bootstrapServers), config.mailReceiptsLookback(), clock, meters);
    }

    MailReceipts(MutinyEmitter<MailReceipt> emitter, NotificationEvents events,
            Supplier<Consumer<String, byte[]>> readers, Duration lookback, Clock clock, MeterRegistry meters) {
        this.emitter = emitter;
        this.events = events;
        this.readers = readers;
        this.lookback = lookback;
        this.clock = clock;
        this.suppressed = Counter.builder("coursestream.notifications.mail.repeats.suppressed")
                .description("Mails not sent again because their receipt showed the SMTP server had accepted them")
                .register(meters);
    }

    /** The guard of the mail of {@code notificationId}, sent by the job of {@code context}. */
    public MailGuard guard(JobContext context, String notificationId) {
        return new MailGuard() {
            @Override
            public boolean alreadyAccepted() {
                boolean accepted = holds(context.partition(), notificationId);
                if (accepted) {
                    suppressed.increment();
                    LOG.infof("notification %s (job %s attempt %d): its mail was accepted before, not sent again",
                            notificationId, context.jobId(), context.attempt());
                }
                return accepted;
            }

            @Override
            public void accepted(String messageId) {
                MailReceipt receipt = MailReceipt.newBuilder()
                        .setMetadata(events.metadata(context.command()))
                        .setNotificationId(notificationId)
                        .setJobId(context.jobId())
                        .setMessageId(messageId)
                        .build();
                partitions.computeIfAbsent(context.partition(), p -> new PartitionReceipts())
                        .add(notificationId, receipt.getMetadata().getOccurredAt(), cutoff());
                emitter.sendMessageAndAwait(Message.of(receipt).addMetadata(OutgoingKafkaRecordMetadata.<String>builder()
                        .withKey(notificationId).withPartition(context.partition()).build()));
            }
        };
    }

    /** Whether a receipt of {@code notificationId} is held for {@code partition} of {@code jobs.emails}. */
    boolean holds(int partition, String notificationId) {
        PartitionReceipts receipts = partitions.get(partition);
        return receipts != null && receipts.contains(notificationId);
    }

    /**
     * Reads the receipts of the last {@code lookback} on {@code assigned} (partitions of {@code jobs.emails}) into
     * memory, replacing what was held for them; returns when it read up to the end of each.
     */
    void load(Collection<Integer> assigned) {
        if (assigned.isEmpty()) {
            return;
        }
        long started = System.nanoTime();
        Instant cutoff = cutoff();
        Map<Integer, PartitionReceipts> loaded = new HashMap<>();
        List<TopicPartition> topicPartitions = assigned.stream()
                .map(partition -> new TopicPartition(Topics.MAIL_RECEIPTS.name(), partition)).toList();
        try (Consumer<String, byte[]> reader = readers.get()) {
            reader.assign(topicPartitions);
            Map<TopicPartition, Long> end = reader.endOffsets(topicPartitions, READ_TIMEOUT);
            Map<TopicPartition, Long> since = new HashMap<>();
            topicPartitions.forEach(partition -> since.put(partition, cutoff.toEpochMilli()));
            Map<TopicPartition, OffsetAndTimestamp> start = reader.offsetsForTimes(since, READ_TIMEOUT);
            for (TopicPartition partition : topicPartitions) {
                OffsetAndTimestamp first = start.get(partition);
                reader.seek(partition, first == null ? end.get(partition) : first.offset());
                loaded.put(partition.partition(), new PartitionReceipts());
            }
            long deadline = System.nanoTime() + READ_TIMEOUT.toNanos();
            while (topicPartitions.stream().anyMatch(partition -> reader.position(partition) < end.get(partition))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("could not read " + Topics.MAIL_RECEIPTS.name() + " partitions "
                            + assigned + " to their end within " + READ_TIMEOUT);
                }
                reader.poll(Duration.ofMillis(200)).forEach(record -> loaded.get(record.partition())
                        .add(record.key(), Instant.ofEpochMilli(record.timestamp()), cutoff));
            }
        }
        partitions.putAll(loaded);
        LOG.infof("mail receipts of jobs.emails partitions %s loaded: %d in %d ms", assigned,
                loaded.values().stream().mapToInt(PartitionReceipts::size).sum(),
                (System.nanoTime() - started) / 1_000_000);
    }

    /** Drops what is held for partitions this worker no longer has. */
    void forget(Collection<Integer> revoked) {
        revoked.forEach(partitions::remove);
    }

    private Instant cutoff() {
        return clock.instant().minus(lookback);
    }

    static Consumer<String, byte[]> reader(String bootstrapServers) {
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, "coursestream-workers-mail-receipts");
        return new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer());
    }

    /** One partition's receipts, oldest first; those older than the cutoff drop out as new ones are added. */
    private static final class PartitionReceipts {

        private final LinkedHashMap<String, Instant> acceptedAt = new LinkedHashMap<>();

        synchronized boolean contains(String notificationId) {
            return acceptedAt.containsKey(notificationId);
        }

        synchronized void add(String notificationId, Instant at, Instant cutoff) {
            if (notificationId == null || at.isBefore(cutoff)) {
                return;
            }
            acceptedAt.put(notificationId, at);
            Iterator<Instant> oldest = acceptedAt.values().iterator();
            while (oldest.hasNext() && oldest.next().isBefore(cutoff)) {
                oldest.remove();
            }
        }

        synchronized int size() {
            return acceptedAt.size();
        }
    }
}
