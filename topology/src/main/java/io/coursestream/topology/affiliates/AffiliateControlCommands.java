package io.coursestream.topology.affiliates;

import java.time.Instant;
import java.util.UUID;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.ProducerRecord;

import io.coursestream.schemas.control.ProcessCommissions;
import io.coursestream.schemas.control.ReviewConversion;
import io.coursestream.schemas.control.ReviewDecision;
import io.coursestream.schemas.topics.Topics;
import io.coursestream.topology.OperatorCommandMetadata;

/**
 * The records an operator's tool writes to {@code control.commands} for the affiliate program, for every tool alike
 * (the admin CLI, the processor's admin API). One record per command, keyed by its command id: the affiliate
 * topology sends each to every partition itself, since a conversion's commissions and the balances to pay out live
 * on the partitions of the affiliates that earned them.
 */
public final class AffiliateControlCommands {


    private AffiliateControlCommands() {
    }

    /** Approve or decline every commission the flagged conversion {@code conversionId} holds for review. */
    public static ProducerRecord<String, SpecificRecord> review(String conversionId, ReviewDecision decision,
            String reviewedBy, String note, Instant at) {
        if (decision == ReviewDecision.UNKNOWN) {
            throw new IllegalArgumentException("a review approves or declines, got " + decision);
        }
        String commandId = UUID.randomUUID().toString();
        return record(commandId, ReviewConversion.newBuilder()
                .setMetadata(OperatorCommandMetadata.of(commandId, at))
                .setCommandId(commandId)
                .setConversionId(conversionId)
                .setDecision(decision)
                .setReviewedBy(reviewedBy)
                .setNote(note)
                .build());
    }

    /**
     * Release the holds ending by {@code asOf} and pay out every balance over the threshold, as the schedule does.
     *
     * @param currency    only this ISO 4217 currency; null for all
     * @param affiliateId only this affiliate; null for all
     * @param dryRun      report only, change nothing
     */
    public static ProducerRecord<String, SpecificRecord> processCommissions(String requestedBy, Instant asOf,
            String currency, String affiliateId, boolean dryRun) {
        String commandId = UUID.randomUUID().toString();
        return record(commandId, ProcessCommissions.newBuilder()
                .setMetadata(OperatorCommandMetadata.of(commandId, asOf))
                .setCommandId(commandId)
                .setRequestedBy(requestedBy)
                .setAsOf(asOf)
                .setCurrency(currency)
                .setAffiliateId(affiliateId)
                .setDryRun(dryRun)
                .build());
    }

    private static ProducerRecord<String, SpecificRecord> record(String commandId, SpecificRecord command) {
        return new ProducerRecord<>(Topics.CONTROL_COMMANDS.name(), commandId, command);
    }

}
