package io.coursestream.admin;

import java.time.Instant;
import java.util.UUID;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.ProducerRecord;

import io.coursestream.schemas.common.EventMetadata;
import io.coursestream.schemas.control.EnqueueJob;
import io.coursestream.schemas.jobs.JobCommand;
import io.coursestream.schemas.topics.Topics;

/**
 * The {@code control.commands} record that hands one job to the job scheduler ({@link EnqueueJob}). It is keyed by
 * the job's id, not the command's: the record then lands on the partition of the job's other records, and the
 * scheduler takes it up in the task that read it instead of re-keying it through a repartition topic.
 */
public final class EnqueueJobCommands {

    private static final String PRODUCER = "admin";

    private EnqueueJobCommands() {
    }

    public static ProducerRecord<String, SpecificRecord> enqueue(JobCommand job, String requestedBy, Instant at) {
        String commandId = UUID.randomUUID().toString();
        EnqueueJob command = EnqueueJob.newBuilder()
                .setMetadata(EventMetadata.newBuilder()
                        .setEventId(UUID.randomUUID())
                        .setOccurredAt(at)
                        .setCorrelationId(job.getCorrelationId())
                        .setCausationId(null)
                        .setProducer(PRODUCER)
                        .build())
                .setCommandId(commandId)
                .setRequestedBy(requestedBy)
                .setJob(job)
                .build();
        return new ProducerRecord<>(Topics.CONTROL_COMMANDS.name(), job.getJobId(), command);
    }
}
