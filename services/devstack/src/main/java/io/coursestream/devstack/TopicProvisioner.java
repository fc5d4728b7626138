package io.coursestream.devstack;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.coursestream.schemas.topics.Topic;
import io.coursestream.schemas.topics.Topics;

/**
 * Creates the topics of the topic catalogue ({@link Topics#all()}) with their partitions and settings. Idempotent:
 * an existing topic is left as it is and only checked; a partition count that differs from the catalogue is logged
 * (Kafka cannot shrink a topic, and growing one would move keys to other partitions).
 */
public final class TopicProvisioner {

    private static final Logger LOG = LoggerFactory.getLogger(TopicProvisioner.class);

    private final short replicationFactor;
    private final Duration timeout;

    /**
     * @param replicationFactor 1 for a one-node local or test broker
     * @param timeout           bound of the whole operation
     */
    public TopicProvisioner(short replicationFactor, Duration timeout) {
        this.replicationFactor = replicationFactor;
        this.timeout = timeout;
    }

    /** One local broker: replication factor 1. */
    public static TopicProvisioner local() {
        return new TopicProvisioner((short) 1, Duration.ofSeconds(60));
    }

    /** What {@link #provision} did. */
    public record Result(List<String> created, List<String> existing, List<String> mismatched) {
    }

    /** Creates every catalogue topic that does not exist yet. */
    public Result provisionCatalogue(Admin admin) {
        return provision(admin, Topics.all());
    }

    /** Creates every topic of {@code topics} that does not exist yet. */
    public Result provision(Admin admin, Collection<? extends Topic<?, ?>> topics) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            Set<String> present = admin.listTopics().names().get(remainingMillis(deadline), TimeUnit.MILLISECONDS);
            List<NewTopic> missing = topics.stream()
                    .filter(topic -> !present.contains(topic.name()))
                    .map(this::newTopic)
                    .toList();
            List<String> created = new ArrayList<>();
            List<String> existing = new ArrayList<>(topics.stream().map(Topic::name).filter(present::contains).toList());
            if (!missing.isEmpty()) {
                Map<String, KafkaFuture<Void>> results = admin.createTopics(missing).values();
                for (Map.Entry<String, KafkaFuture<Void>> result : results.entrySet()) {
                    try {
                        result.getValue().get(remainingMillis(deadline), TimeUnit.MILLISECONDS);
                        created.add(result.getKey());
                    } catch (ExecutionException e) {
                        // Another provisioner (a second test JVM, the processor) may have been faster.
                        if (!(e.getCause() instanceof TopicExistsException)) {
                            throw new IllegalStateException("cannot create topic " + result.getKey(), e.getCause());
                        }
                        existing.add(result.getKey());
                    }
                }
            }
            List<String> mismatched = checkPartitions(admin, topics, existing, deadline);
            LOG.info("topics: {} created, {} already there{}", created.size(), existing.size(),
                    mismatched.isEmpty() ? "" : ", partition counts differ from the catalogue for " + mismatched);
            return new Result(List.copyOf(created), List.copyOf(existing), List.copyOf(mismatched));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot create topics", e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("creating topics took longer than " + timeout, e);
        }
    }

    /** The topic as the catalogue declares it. */
    public NewTopic newTopic(Topic<?, ?> topic) {
        return new NewTopic(topic.name(), topic.partitions(), replicationFactor).configs(topic.configs());
    }

    private List<String> checkPartitions(Admin admin, Collection<? extends Topic<?, ?>> topics, List<String> existing,
            long deadline) throws InterruptedException, ExecutionException, TimeoutException {
        if (existing.isEmpty()) {
            return List.of();
        }
        Map<String, TopicDescription> descriptions = admin.describeTopics(existing).allTopicNames()
                .get(remainingMillis(deadline), TimeUnit.MILLISECONDS);
        List<String> mismatched = new ArrayList<>();
        for (Topic<?, ?> topic : topics) {
            TopicDescription description = descriptions.get(topic.name());
            if (description != null && description.partitions().size() != topic.partitions()) {
                LOG.warn("topic {} has {} partitions, the catalogue declares {}", topic.name(),
                        description.partitions().size(), topic.partitions());
                mismatched.add(topic.name());
            }
        }
        return mismatched;
    }

    private static long remainingMillis(long deadline) {
        return Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
    }
}
