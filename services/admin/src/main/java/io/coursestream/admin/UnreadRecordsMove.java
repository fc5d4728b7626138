package io.coursestream.admin;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsOptions;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsSpec;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * Moves what a stopped consumer group left unread in one topic to another, in one transaction with the group's
 * offsets on the first: a move that fails midway moves nothing, and a second run finds nothing left to move. For
 * upgrades that retire a topic the stream processor read (an internal repartition topic replaced by a topic of the
 * catalogue), run while every processor instance is stopped.
 *
 * <p>Records keep their key, value bytes, headers and timestamp, and each partition's order; the target's default
 * partitioner places them by key, as the stream processor's writers do. Unread means from the group's committed
 * offset (the log start where it has none, as Kafka Streams reads its internal topics) to the last committed
 * record: the move refuses a group with members and a source partition with a transaction still open, whose records
 * it could not yet tell from aborted ones.
 */
final class UnreadRecordsMove {

    private static final Duration POLL = Duration.ofMillis(200);
    private static final Duration READ_TIMEOUT = Duration.ofMinutes(2);

    private final Admin admin;
    private final Consumer<byte[], byte[]> consumer;
    private final Producer<byte[], byte[]> producer;

    /**
     * @param consumer a group-less {@code read_committed} consumer of bytes
     * @param producer a transactional producer of bytes, its transactions initialized
     */
    UnreadRecordsMove(Admin admin, Consumer<byte[], byte[]> consumer, Producer<byte[], byte[]> producer) {
        this.admin = admin;
        this.consumer = consumer;
        this.producer = producer;
    }

    /**
     * What was moved: per partition of the source, the records moved (none where only transaction markers were
     * left); empty when the source topic does not exist or the group had read it all.
     */
    record Moved(boolean sourceExists, Map<Integer, Long> perPartition) {

        long total() {
            return perPartition.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    Moved move(String group, String from, String to) {
        try {
            ensureStopped(group);
            List<TopicPartition> partitions = partitions(from);
            if (partitions.isEmpty()) {
                return new Moved(false, Map.of());
            }
            Map<TopicPartition, Long> start = start(group, partitions);
            Map<TopicPartition, Long> end = lastStableOffsets(partitions);
            Set<TopicPartition> unread = partitions.stream().filter(tp -> start.get(tp) < end.get(tp))
                    .collect(Collectors.toSet());
            if (unread.isEmpty()) {
                return new Moved(true, Map.of());
            }
            producer.beginTransaction();
            try {
                Map<Integer, Long> moved = copy(unread, start, end, to);
                producer.sendOffsetsToTransaction(unread.stream()
                        .collect(Collectors.toMap(Function.identity(), tp -> new OffsetAndMetadata(end.get(tp)))),
                        new ConsumerGroupMetadata(group));
                producer.commitTransaction();
                return new Moved(true, moved);
            } catch (RuntimeException e) {
                // Else the open transaction would hold back every read_committed reader of the target until it
                // timed out.
                try {
                    producer.abortTransaction();
                } catch (KafkaException abortFailed) {
                    e.addSuppressed(abortFailed);
                }
                throw e;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AdminException("interrupted while moving " + from + " to " + to, e);
        } catch (ExecutionException e) {
            throw new AdminException("could not move " + from + " to " + to, e.getCause());
        }
    }

    private void ensureStopped(String group) throws InterruptedException, ExecutionException {
        ConsumerGroupDescription description;
        try {
            description = admin.describeConsumerGroups(List.of(group)).describedGroups().get(group).get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof GroupIdNotFoundException) {
                return;
            }
            throw e;
        }
        if (!description.members().isEmpty()) {
            throw new AdminException("consumer group " + group + " has " + description.members().size()
                    + " active member(s): stop every stream processor instance first");
        }
    }

    private List<TopicPartition> partitions(String topic) throws InterruptedException, ExecutionException {
        TopicDescription description;
        try {
            description = admin.describeTopics(List.of(topic)).topicNameValues().get(topic).get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                return List.of();
            }
            throw e;
        }
        return description.partitions().stream()
                .map(partition -> new TopicPartition(topic, partition.partition()))
                .toList();
    }

    /** The group's committed offsets, or the log start where it has none or where the log starts later. */
    private Map<TopicPartition, Long> start(String group, List<TopicPartition> partitions)
            throws InterruptedException, ExecutionException {
        Map<TopicPartition, OffsetAndMetadata> committed = admin
                .listConsumerGroupOffsets(Map.of(group, new ListConsumerGroupOffsetsSpec().topicPartitions(partitions)),
                        new ListConsumerGroupOffsetsOptions().requireStable(true))
                .partitionsToOffsetAndMetadata(group).get();
        Map<TopicPartition, Long> logStart = offsets(partitions, OffsetSpec.earliest(),
                IsolationLevel.READ_UNCOMMITTED);
        Map<TopicPartition, Long> start = new HashMap<>();
        for (TopicPartition partition : partitions) {
            OffsetAndMetadata offset = committed.get(partition);
            start.put(partition, Math.max(offset == null ? 0 : offset.offset(), logStart.get(partition)));
        }
        return start;
    }

    /** Where reading stops: after the last record of a completed transaction, when none is open. */
    private Map<TopicPartition, Long> lastStableOffsets(List<TopicPartition> partitions)
            throws InterruptedException, ExecutionException {
        Map<TopicPartition, Long> stable = offsets(partitions, OffsetSpec.latest(), IsolationLevel.READ_COMMITTED);
        Map<TopicPartition, Long> written = offsets(partitions, OffsetSpec.latest(), IsolationLevel.READ_UNCOMMITTED);
        List<String> open = partitions.stream().filter(tp -> stable.get(tp) < written.get(tp))
                .map(TopicPartition::toString).toList();
        if (!open.isEmpty()) {
            throw new AdminException("a transaction is still open on " + String.join(", ", open)
                    + ": an instance is still writing or was stopped mid-commit; wait for it to finish (at most the"
                    + " producers' transaction.timeout.ms) and run this again");
        }
        return stable;
    }

    private Map<TopicPartition, Long> offsets(List<TopicPartition> partitions, OffsetSpec spec,
            IsolationLevel isolation) throws InterruptedException, ExecutionException {
        return admin.listOffsets(partitions.stream().collect(Collectors.toMap(Function.identity(), tp -> spec)),
                new ListOffsetsOptions(isolation)).all().get().entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, entry -> entry.getValue().offset()));
    }

    /** Sends the records of {@code partitions} from start to end to {@code to}; the count per source partition. */
    private Map<Integer, Long> copy(Set<TopicPartition> partitions, Map<TopicPartition, Long> start,
            Map<TopicPartition, Long> end, String to) {
        Map<Integer, Long> copied = new TreeMap<>();
        consumer.assign(partitions);
        partitions.forEach(partition -> consumer.seek(partition, start.get(partition)));
        Instant deadline = Instant.now().plus(READ_TIMEOUT);
        while (!partitions.stream().allMatch(partition -> consumer.position(partition) >= end.get(partition))) {
            if (Instant.now().isAfter(deadline)) {
                throw new AdminException("could not read " + partitions + " to its end within " + READ_TIMEOUT);
            }
            for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL)) {
                if (record.offset() < end.get(new TopicPartition(record.topic(), record.partition()))) {
                    producer.send(new ProducerRecord<>(to, null, record.timestamp(), record.key(), record.value(),
                            record.headers()));
                    copied.merge(record.partition(), 1L, Long::sum);
                }
            }
        }
        return copied;
    }
}
