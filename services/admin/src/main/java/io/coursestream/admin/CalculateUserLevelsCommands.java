package io.coursestream.admin;

import java.time.Instant;
import java.util.UUID;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.ProducerRecord;

import io.coursestream.schemas.control.CalculateUserLevels;
import io.coursestream.schemas.topics.Topics;
import io.coursestream.topology.OperatorCommandMetadata;

/**
 * The {@code control.commands} record that starts a level run ({@link CalculateUserLevels}, keyed by a new command
 * id). It is written once: the points topology hands it to every partition itself.
 */
public final class CalculateUserLevelsCommands {

    private CalculateUserLevelsCommands() {
    }

    /**
     * @param levelCurveVersion the curve the run must use, or null for the processor's current one
     * @param dryRun            only count who would move
     */
    public static ProducerRecord<String, SpecificRecord> calculate(Integer levelCurveVersion, boolean dryRun,
            String requestedBy, Instant at) {
        String commandId = UUID.randomUUID().toString();
        CalculateUserLevels command = CalculateUserLevels.newBuilder()
                // The run is its own business flow: its summaries and level changes carry the command id.
                .setMetadata(OperatorCommandMetadata.of(commandId, at))
                .setCommandId(commandId)
                .setRequestedBy(requestedBy)
                .setLevelCurveVersion(levelCurveVersion)
                .setDryRun(dryRun)
                .build();
        return new ProducerRecord<>(Topics.CONTROL_COMMANDS.name(), commandId, command);
    }
}
