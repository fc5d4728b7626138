package io.coursestream.admin;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;
import java.util.function.Predicate;
import java.util.stream.IntStream;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;

import io.coursestream.schemas.serde.AvroSerdes;
import io.coursestream.schemas.topics.Topics;
import io.coursestream.testkit.TestEnvironment;

/**
 * Plays the stream processor's part in an IT of a CLI command that waits for the processor's answer: reads
 * {@code control.commands} from its end as it is when {@link #answerNext} is called, waits for the test's command, and
 * hands it with a transactional producer (transactions initialised) to the test's answer. Tests write their answers in
 * transactions, since the CLI reads committed records only.
 */
final class ProcessorStandIn {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private ProcessorStandIn() {
    }

    /**
     * @param ours   which command of {@code type} is the test's (by its requestedBy, usually)
     * @param answer writes the answer to the command
     * @return the command's record, once answered
     */
    static <C extends SpecificRecord> CompletableFuture<ConsumerRecord<String, SpecificRecord>> answerNext(
            TestEnvironment env, Class<C> type, Predicate<C> ours,
            BiConsumer<C, KafkaProducer<String, SpecificRecord>> answer) {
        KafkaConsumer<String, SpecificRecord> commands = consumer(env);
        List<TopicPartition> partitions = IntStream.range(0, Topics.CONTROL_COMMANDS.partitions())
                .mapToObj(partition -> new TopicPartition(Topics.CONTROL_COMMANDS.name(), partition)).toList();
        commands.assign(partitions);
        commands.seekToEnd(partitions);
        partitions.forEach(commands::position);
        return CompletableFuture.supplyAsync(() -> {
            try (commands; KafkaProducer<String, SpecificRecord> producer = transactionalProducer(env)) {
                ConsumerRecord<String, SpecificRecord> record = awaitCommand(commands, type, ours);
                producer.initTransactions();
                answer.accept(type.cast(record.value()), producer);
                return record;
            }
        });
    }

    private static <C extends SpecificRecord> ConsumerRecord<String, SpecificRecord> awaitCommand(
            KafkaConsumer<String, SpecificRecord> commands, Class<C> type, Predicate<C> ours) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            for (ConsumerRecord<String, SpecificRecord> record : commands.poll(Duration.ofMillis(100))) {
                if (type.isInstance(record.value()) && ours.test(type.cast(record.value()))) {
                    return record;
                }
            }
        }
        throw new AssertionError("no " + type.getSimpleName() + " of this test on control.commands within " + WAIT);
    }

    private static KafkaConsumer<String, SpecificRecord> consumer(TestEnvironment env) {
        Map<String, Object> config = new HashMap<>(AvroSerdes.forRegistry(env.registryUrl()).consumerConfig());
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, env.bootstrapServers());
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        return new KafkaConsumer<>(config);
    }

    private static KafkaProducer<String, SpecificRecord> transactionalProducer(TestEnvironment env) {
        Map<String, Object> config = new HashMap<>(AvroSerdes.forRegistry(env.registryUrl()).producerConfig());
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, env.bootstrapServers());
        config.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "processor-stand-in-" + UUID.randomUUID());
        return new KafkaProducer<>(config);
    }
}
