package io.coursestream.processor.jobs;

import java.time.Duration;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsSpec;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.coursestream.schemas.jobs.JobQueue;
import io.coursestream.schemas.topics.Topic;
import io.coursestream.schemas.topics.Topics;

/**
 * The workers' consumer lag per queue: records on {@code jobs.<queue>} their consumer group
 * ({@code <group-prefix><queue>}) has not committed yet, that is jobs sent to the queue and not yet reported on.
 * Asked of the broker on each call, within a short timeout; empty when the broker does not answer in time.
 */
@ApplicationScoped
public class QueueLag {

    private static final Logger LOG = Logger.getLogger(QueueLag.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(3);

    private final String bootstrapServers;
    private final String groupPrefix;
    private Admin admin;

    @Inject
    QueueLag(@ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers, JobPoliciesConfig jobs) {
        this(bootstrapServers, jobs.workerGroupPrefix());
    }

    QueueLag(String bootstrapServers, String groupPrefix) {
        this.bootstrapServers = bootstrapServers;
        this.groupPrefix = groupPrefix;
    }

    /** Lag per queue; empty if the broker could not be asked. */
    public Optional<Map<JobQueue, Long>> lagByQueue() {
        try {
            return Optional.of(measure());
        } catch (ExecutionException | TimeoutException e) {
            LOG.debugf("Consumer lag not available: %s", e.getMessage());
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    private Map<JobQueue, Long> measure() throws ExecutionException, InterruptedException, TimeoutException {
        Map<JobQueue, List<TopicPartition>> partitions = new EnumMap<>(JobQueue.class);
        Map<String, ListConsumerGroupOffsetsSpec> groups = new HashMap<>();
        for (Topic<String, ?> topic : Topics.jobQueues()) {
            JobQueue queue = queueOf(topic);
            List<TopicPartition> queuePartitions = IntStream.range(0, topic.partitions())
                    .mapToObj(partition -> new TopicPartition(topic.name(), partition)).toList();
            partitions.put(queue, queuePartitions);
            groups.put(groupOf(queue), new ListConsumerGroupOffsetsSpec().topicPartitions(queuePartitions));
        }
        List<TopicPartition> all = partitions.values().stream().flatMap(List::stream).toList();
        Map<TopicPartition, ListOffsetsResultInfo> ends = admin().listOffsets(
                all.stream().collect(Collectors.toMap(partition -> partition, partition -> OffsetSpec.latest())))
                .all().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        Map<TopicPartition, ListOffsetsResultInfo> starts = admin().listOffsets(
                all.stream().collect(Collectors.toMap(partition -> partition, partition -> OffsetSpec.earliest())))
                .all().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        Map<String, Map<TopicPartition, OffsetAndMetadata>> committed = admin().listConsumerGroupOffsets(groups)
                .all().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);

        Map<JobQueue, Long> lag = new EnumMap<>(JobQueue.class);
        partitions.forEach((queue, queuePartitions) -> {
            Map<TopicPartition, OffsetAndMetadata> groupOffsets = committed.getOrDefault(groupOf(queue), Map.of());
            long total = 0;
            for (TopicPartition partition : queuePartitions) {
                OffsetAndMetadata offset = groupOffsets.get(partition);
                // No commit yet: the group starts from the earliest record (auto.offset.reset=earliest).
                long position = offset == null ? starts.get(partition).offset() : offset.offset();
                total += Math.max(0, ends.get(partition).offset() - position);
            }
            lag.put(queue, total);
        });
        return lag;
    }

    private String groupOf(JobQueue queue) {
        return groupPrefix + queue.name().toLowerCase(Locale.ROOT);
    }

    private static JobQueue queueOf(Topic<String, ?> topic) {
        return JobQueue.valueOf(topic.name().substring("jobs.".length()).toUpperCase(Locale.ROOT));
    }

    private synchronized Admin admin() {
        if (admin == null) {
            admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                    AdminClientConfig.CLIENT_ID_CONFIG, "coursestream-queue-lag",
                    AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis(),
                    AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis()));
        }
        return admin;
    }

    @PreDestroy
    synchronized void close() {
        if (admin != null) {
            admin.close(Duration.ofSeconds(2));
        }
    }
}
