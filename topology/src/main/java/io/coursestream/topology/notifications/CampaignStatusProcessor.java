package io.coursestream.topology.notifications;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

import io.coursestream.schemas.notifications.BulkNotificationRequested;
import io.coursestream.schemas.notifications.CampaignStatus;
import io.coursestream.schemas.notifications.CampaignTally;
import io.coursestream.schemas.notifications.NotificationDelivered;
import io.coursestream.schemas.notifications.NotificationFailed;

/**
 * Keeps each campaign's {@link CampaignStatus} (keyed by campaign id) from its request, the fan-out's tallies and
 * its delivery outcomes ({@link CampaignStatusFold}). An outcome counts once per notification id: the ids counted so
 * far are kept in the outcome store (key {@code <campaignId>NUL<notificationId>}, value DELIVERED or FAILED) until
 * the campaign completes; then every sent notification has been counted, so any later outcome is a duplicate and
 * the campaign's ids are dropped.
 */
final class CampaignStatusProcessor implements Processor<String, SpecificRecord, Void, Void> {

    private static final char SEPARATOR = '\0';

    private final int partitions;
    private KeyValueStore<String, CampaignStatus> statuses;
    private KeyValueStore<String, String> outcomes;

    CampaignStatusProcessor(int partitions) {
        this.partitions = partitions;
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        statuses = context.getStateStore(CampaignTopology.STATUS_STORE);
        outcomes = context.getStateStore(CampaignTopology.OUTCOME_STORE);
    }

    @Override
    public void process(Record<String, SpecificRecord> record) {
        String campaignId = record.key();
        if (campaignId == null) {
            return;
        }
        Instant at = Instant.ofEpochMilli(record.timestamp());
        CampaignStatus current = statuses.get(campaignId);
        CampaignStatus next = current;
        if (record.value() instanceof BulkNotificationRequested request) {
            next = CampaignStatusFold.requested(current, request, partitions, at);
        } else if (record.value() instanceof CampaignTally tally) {
            next = CampaignStatusFold.tallied(current, tally, partitions, at);
        } else if (record.value() instanceof NotificationDelivered delivered) {
            next = outcome(current, campaignId, delivered.getNotificationId(), true, at);
        } else if (record.value() instanceof NotificationFailed failed && failed.getFinalFailure()) {
            next = outcome(current, campaignId, failed.getNotificationId(), false, at);
        }
        if (next == current) {
            return;
        }
        statuses.put(campaignId, next);
        if (next.getCompleted() && (current == null || !current.getCompleted())) {
            forgetOutcomes(campaignId);
        }
    }

    private CampaignStatus outcome(CampaignStatus current, String campaignId, String notificationId,
            boolean delivered, Instant at) {
        if (current != null && current.getCompleted()) {
            return current;
        }
        String key = campaignId + SEPARATOR + notificationId;
        if (outcomes.get(key) != null) {
            return current;
        }
        outcomes.put(key, delivered ? "DELIVERED" : "FAILED");
        return CampaignStatusFold.outcome(current, campaignId, delivered, partitions, at);
    }

    private void forgetOutcomes(String campaignId) {
        List<String> counted = new ArrayList<>();
        try (KeyValueIterator<String, String> ids = outcomes.prefixScan(campaignId + SEPARATOR,
                Serdes.String().serializer())) {
            ids.forEachRemaining(entry -> counted.add(entry.key));
        }
        counted.forEach(outcomes::delete);
    }
}
