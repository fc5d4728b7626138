package io.coursestream.admin;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Deserializer;

import io.coursestream.schemas.certificates.CertificateRegenerationBatchEnqueued;
import io.coursestream.schemas.serde.AvroSerdes;
import io.coursestream.schemas.topics.Topics;

/**
 * Watches {@code certificates.regeneration-runs} for the batches of one regeneration, as {@link LevelRunWatch} does
 * for a level run. Opened before the command is written, it stands at the end of every partition (committed records
 * only), so everything the run writes lies ahead of it and nothing of an earlier run could. Values are decoded only
 * for records keyed by the run's command id: other runs' batches cost no registry lookup.
 */
final class CertificateRegenerationWatch implements AutoCloseable {

    private static final Duration POLL = Duration.ofMillis(200);

    private final Consumer<String, byte[]> consumer;
    private final Deserializer<SpecificRecord> values;
    private final String bootstrapServers;

    private CertificateRegenerationWatch(Consumer<String, byte[]> consumer, Deserializer<SpecificRecord> values,
            String bootstrapServers) {
        this.consumer = consumer;
        this.values = values;
        this.bootstrapServers = bootstrapServers;
    }

    /** A watch at the current end of every partition of {@code certificates.regeneration-runs}. */
    static CertificateRegenerationWatch atEnd(String bootstrapServers, String registryUrl) {
        Consumer<String, byte[]> consumer;
        try {
            consumer = new KafkaConsumer<>(AdminKafka.rawValueConsumerConfig(bootstrapServers, registryUrl));
        } catch (RuntimeException invalid) {
            throw new AdminException("cannot create a Kafka consumer for " + bootstrapServers, invalid);
        }
        Deserializer<SpecificRecord> values =
                AvroSerdes.forRegistry(registryUrl).<SpecificRecord>specificRecordSerde(false).deserializer();
        CertificateRegenerationWatch watch = new CertificateRegenerationWatch(consumer, values, bootstrapServers);
        try {
            watch.seekToEnd();
            return watch;
        } catch (RuntimeException failed) {
            watch.close();
            throw failed;
        }
    }

    private static String topic() {
        return Topics.CERTIFICATE_REGENERATIONS.name();
    }

    private void seekToEnd() {
        List<TopicPartition> partitions;
        try {
            List<PartitionInfo> infos = consumer.partitionsFor(topic());
            partitions = infos == null ? List.of()
                    : infos.stream().map(info -> new TopicPartition(topic(), info.partition())).toList();
        } catch (RuntimeException unreachable) {
            throw new AdminException("cannot read " + topic() + " on " + bootstrapServers, unreachable);
        }
        if (partitions.isEmpty()) {
            throw new AdminException(topic() + " does not exist on " + bootstrapServers);
        }
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        // seekToEnd is lazy: look the offsets up now, before the command is written, not at the first poll.
        partitions.forEach(consumer::position);
    }

    /**
     * Reads until every partition of {@code run} has finished or {@code timeout} has passed, printing the progress
     * line of each batch to {@code progress} as it arrives; returns {@code run} (complete or not).
     */
    CertificateRegeneration await(CertificateRegeneration run, Duration timeout, PrintWriter progress) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            while (!run.complete() && System.nanoTime() < deadline) {
                long left = Math.max(1, Math.min(POLL.toNanos(), deadline - System.nanoTime()));
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofNanos(left))) {
                    if (run.commandId().equals(record.key())
                            && decode(record) instanceof CertificateRegenerationBatchEnqueued batch
                            && run.add(batch)) {
                        progress.println(CertificateRegeneration.progress(batch));
                        progress.flush();
                    }
                }
            }
        } catch (AdminException failed) {
            throw failed;
        } catch (RuntimeException failed) {
            throw new AdminException("could not read " + topic() + " on " + bootstrapServers, failed);
        }
        return run;
    }

    private SpecificRecord decode(ConsumerRecord<String, byte[]> record) {
        try {
            return values.deserialize(record.topic(), record.headers(), record.value());
        } catch (RuntimeException undecodable) {
            throw new AdminException("cannot decode " + record.topic() + "-" + record.partition() + "@"
                    + record.offset() + " (key " + record.key() + ")", undecodable);
        }
    }

    @Override
    public void close() {
        consumer.close();
        values.close();
    }
}
