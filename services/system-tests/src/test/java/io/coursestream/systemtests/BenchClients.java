package io.coursestream.systemtests;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.function.Predicate;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;

import io.coursestream.schemas.serde.AvroSerdes;
import io.coursestream.testkit.TestEnvironment;

/**
 * What the benchmarks share: Avro clients on the test broker configured alike, topics of their own, reading until a
 * condition holds within a bound, and the arithmetic of their results.
 */
final class BenchClients {

    /** The bound on every wait of a benchmark: a run that takes longer is broken, not slow. */
    static final Duration TIMEOUT = Duration.ofMinutes(5);

    /** A benchmark's {@code main}. */
    interface Body {
        void run() throws Exception;
    }

    private final TestEnvironment env;
    private final AvroSerdes serdes;

    BenchClients(TestEnvironment env) {
        this.env = env;
        this.serdes = AvroSerdes.forRegistry(env.registryUrl());
    }

    AvroSerdes serdes() {
        return serdes;
    }

    /**
     * Runs a benchmark's {@code main} and ends the JVM with its outcome: after a failure (an application that did not
     * start) the in-JVM broker's threads would keep the JVM, and {@code scripts/bench}, running with nothing to do.
     */
    static void runAndExit(Body body) {
        int status = 0;
        try {
            body.run();
        } catch (Throwable failed) {
            failed.printStackTrace();
            status = 1;
        }
        System.exit(status);
    }

    /** A group member that reads committed transactions only and commits nothing by itself. */
    KafkaConsumer<String, SpecificRecord> consumer(String group, String reset) {
        Map<String, Object> config = serdes.consumerConfig();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, env.bootstrapServers());
        config.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, reset);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        return new KafkaConsumer<>(config);
    }

    /** An idempotent producer that waits for every in-sync replica, as the upstream services write. */
    KafkaProducer<String, SpecificRecord> producer() {
        return new KafkaProducer<>(producerConfig());
    }

    /** {@link #producer()}'s settings, to add a {@code transactional.id} to. */
    Map<String, Object> producerConfig() {
        Map<String, Object> config = serdes.producerConfig();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, env.bootstrapServers());
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        return config;
    }

    /** Creates those of {@code topics} that do not exist yet, with {@code partitions} partitions each. */
    void createTopics(List<String> topics, int partitions) throws InterruptedException, ExecutionException {
        try (Admin admin = env.newAdmin()) {
            Set<String> existing = admin.listTopics().names().get();
            List<NewTopic> missing = new ArrayList<>();
            for (String topic : topics) {
                if (!existing.contains(topic)) {
                    missing.add(new NewTopic(topic, partitions, (short) 1));
                }
            }
            admin.createTopics(missing).all().get();
        }
    }

    /** Polls until {@code done} accepts a record; fails after {@link #TIMEOUT}. */
    static void readUntil(KafkaConsumer<String, SpecificRecord> consumer,
            Predicate<ConsumerRecord<String, SpecificRecord>> done) {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            for (ConsumerRecord<String, SpecificRecord> record : consumer.poll(Duration.ofMillis(50))) {
                if (done.test(record)) {
                    return;
                }
            }
        }
        throw new IllegalStateException("not done within " + TIMEOUT);
    }

    /** Polls until the group gave the consumer its partitions, and fixes its positions before anything is written. */
    static void awaitAssignment(KafkaConsumer<?, ?> consumer) {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (consumer.assignment().isEmpty()) {
            consumer.poll(Duration.ofMillis(50));
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("no partitions assigned within " + TIMEOUT);
            }
        }
        // "latest" is resolved on the first fetch position lookup: make it now, before anything is written.
        consumer.assignment().forEach(consumer::position);
    }

    static double seconds(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1e9;
    }

    /** The nearest-rank percentile of {@code sorted}. */
    static long percentile(long[] sorted, int percent) {
        int index = (int) Math.ceil(percent / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }
}
