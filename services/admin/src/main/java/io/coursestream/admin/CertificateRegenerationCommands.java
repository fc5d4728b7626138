package io.coursestream.admin;

import java.time.Instant;
import java.util.UUID;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.ProducerRecord;

import io.coursestream.schemas.control.GenerateCourseCertificates;
import io.coursestream.schemas.topics.Topics;
import io.coursestream.topology.OperatorCommandMetadata;

/**
 * The {@code control.commands} record that starts a certificate regeneration ({@link GenerateCourseCertificates},
 * keyed by a new command id). It is written once: the stream processor hands it to every partition itself.
 */
public final class CertificateRegenerationCommands {

    private CertificateRegenerationCommands() {
    }

    /**
     * @param templateVersion the template every certificate of the course is rendered with again
     * @param batchSize       certificates enqueued per batch on each partition
     * @param notifyLearners  mail the regenerated certificates to their learners again
     */
    public static ProducerRecord<String, SpecificRecord> generate(String courseId, int templateVersion,
            int batchSize, boolean notifyLearners, String requestedBy, Instant at) {
        String commandId = UUID.randomUUID().toString();
        GenerateCourseCertificates command = GenerateCourseCertificates.newBuilder()
                // The regeneration is its own business flow: its batches and jobs carry the command id.
                .setMetadata(OperatorCommandMetadata.of(commandId, at))
                .setCommandId(commandId)
                .setRequestedBy(requestedBy)
                .setCourseId(courseId)
                .setTemplateVersion(templateVersion)
                .setBatchSize(batchSize)
                .setNotifyLearners(notifyLearners)
                .build();
        return new ProducerRecord<>(Topics.CONTROL_COMMANDS.name(), commandId, command);
    }
}
