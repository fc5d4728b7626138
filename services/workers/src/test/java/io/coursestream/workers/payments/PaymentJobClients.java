package io.coursestream.workers.payments;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;

import io.coursestream.schemas.jobs.JobCommand;
import io.coursestream.schemas.payments.ProviderPaymentResult;
import io.coursestream.schemas.serde.AvroSerdes;
import io.coursestream.schemas.topics.Topics;
import io.coursestream.workers.QueueClients;

/**
 * The payment ITs' side of the broker: sends commands to {@code jobs.payments} as the scheduler does, reads the
 * workers' reports from {@code jobs.lifecycle} and their results from {@code payments.provider-results} (with the
 * record keys, which must be the transactionIds).
 */
final class PaymentJobClients implements AutoCloseable {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    /** A result as read, with its record key. */
    record KeyedResult(String key, ProviderPaymentResult result) {
    }

    private final QueueClients queues;
    private final KafkaConsumer<String, SpecificRecord> results;
    private final List<KeyedResult> resultsRead = new ArrayList<>();

    PaymentJobClients(String bootstrapServers, String registryUrl) {
        queues = new QueueClients(bootstrapServers, registryUrl);
        results = consumer(AvroSerdes.forRegistry(registryUrl), bootstrapServers,
                Topics.PAYMENT_PROVIDER_RESULTS.name());
    }

    private static KafkaConsumer<String, SpecificRecord> consumer(AvroSerdes serdes, String bootstrapServers,
            String topic) {
        Map<String, Object> config = new HashMap<>(serdes.consumerConfig());
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ConsumerConfig.GROUP_ID_CONFIG, "it-" + UUID.randomUUID());
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        KafkaConsumer<String, SpecificRecord> consumer = new KafkaConsumer<>(config);
        consumer.subscribe(List.of(topic));
        return consumer;
    }

    /** Sends the command to jobs.payments, keyed by jobId as the scheduler keys it, and waits for the broker. */
    void send(JobCommand command) throws Exception {
        queues.send(command);
    }

    /** The workers' reports on one attempt, in order, once its outcome is there; they are taken. */
    List<SpecificRecord> awaitAttempt(String jobId, int attempt) {
        return queues.awaitAttempt(jobId, attempt);
    }

    /** The results of the transaction read so far, after reading what the topic has now. */
    List<KeyedResult> resultsOf(String transactionId) {
        results.poll(Duration.ofMillis(200)).forEach(record -> resultsRead.add(
                new KeyedResult(record.key(), (ProviderPaymentResult) record.value())));
        return resultsRead.stream().filter(read -> transactionId.equals(read.result().getTransactionId())).toList();
    }

    /** Waits until the transaction has {@code count} results; returns them. */
    List<KeyedResult> awaitResults(String transactionId, int count) {
        await().atMost(TIMEOUT).pollInterval(Duration.ZERO).until(() -> resultsOf(transactionId).size() >= count);
        return resultsOf(transactionId);
    }

    @Override
    public void close() {
        queues.close();
        results.close();
    }
}
