package io.coursestream.admin;

import java.util.Map;
import java.util.UUID;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;

import io.coursestream.schemas.jobs.JobCommand;
import io.coursestream.topology.jobs.JobDispatch;

/**
 * Dispatches jobs straight to their queue ({@link JobDispatch}): each job's command and its {@code JobDispatched} in
 * one transaction, so a worker runs the job only if the job runtime hears of it, and the other way round. Returns
 * once the transaction has committed: an operator who sees the job id can watch it.
 */
final class JobDispatchWriter implements AutoCloseable {

    private static final String PRODUCER = "admin";

    private final Producer<String, SpecificRecord> producer;
    private final String bootstrapServers;

    private JobDispatchWriter(Producer<String, SpecificRecord> producer, String bootstrapServers) {
        this.producer = producer;
        this.bootstrapServers = bootstrapServers;
    }

    /** A writer with a transactional id of its own: each CLI run is one short-lived writer, fenced by none. */
    static JobDispatchWriter connect(String bootstrapServers, String registryUrl) {
        Map<String, Object> config = AdminKafka.producerConfig(bootstrapServers, registryUrl);
        config.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "coursestream-admin-dispatch-" + UUID.randomUUID());
        try {
            KafkaProducer<String, SpecificRecord> producer = new KafkaProducer<>(config);
            try {
                producer.initTransactions();
            } catch (KafkaException unavailable) {
                producer.close(AdminKafka.MAX_BLOCK);
                throw unavailable;
            }
            return new JobDispatchWriter(producer, bootstrapServers);
        } catch (KafkaException invalid) {
            throw new AdminException("cannot start a transactional Kafka producer on " + bootstrapServers, invalid);
        }
    }

    /** Dispatches {@code job}, requested by {@code operator}; nothing of it is visible unless all of it is. */
    void dispatch(JobCommand job, String operator) {
        try {
            producer.beginTransaction();
            for (ProducerRecord<String, SpecificRecord> record : JobDispatch.records(job, PRODUCER, operator)) {
                producer.send(record);
            }
            producer.commitTransaction();
        } catch (KafkaException failed) {
            try {
                producer.abortTransaction();
            } catch (KafkaException notAborted) {
                failed.addSuppressed(notAborted);
            }
            throw new AdminException("could not dispatch job " + job.getJobId() + " on " + bootstrapServers, failed);
        }
    }

    @Override
    public void close() {
        producer.close(AdminKafka.MAX_BLOCK);
    }
}
