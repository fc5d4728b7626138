package io.coursestream.processor.notifications;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.coursestream.schemas.notifications.CampaignStatus;

/**
 * One campaign's progress as {@code /api/campaigns/{id}} answers it: the store's {@link CampaignStatus}, in plain
 * JSON. Counts are per notification (one user on one channel), except {@code audience}; {@code targeted = sent +
 * skipped} at every moment, and once {@code completed}, {@code delivered + failed = sent}.
 */
public record CampaignView(String campaignId, String status, Instant requestedAt, String requestedBy, String category,
        List<String> channels, boolean critical, long audience, long targeted, long sent, long skipped,
        Map<String, Long> skippedByReason, long delivered, long failed, long pending, int partitions,
        int partitionsDone, boolean fanOutComplete, boolean completed, Instant updatedAt) {

    /** FANNING_OUT while tasks still look for recipients, SENDING until every notification has an outcome, COMPLETED. */
    static String phase(CampaignStatus status) {
        if (status.getCompleted()) {
            return "COMPLETED";
        }
        return status.getFanOutComplete() ? "SENDING" : "FANNING_OUT";
    }

    public static CampaignView of(CampaignStatus status) {
        return new CampaignView(status.getCampaignId(), phase(status), status.getRequestedAt(),
                status.getRequestedBy(), status.getCategory() == null ? null : status.getCategory().name(),
                status.getChannels().stream().map(Enum::name).toList(), status.getCritical(), status.getAudience(),
                status.getTargeted(), status.getSent(), status.getSkipped(), new TreeMap<>(status.getSkippedByReason()),
                status.getDelivered(), status.getFailed(),
                status.getSent() - status.getDelivered() - status.getFailed(), status.getPartitions(),
                status.getPartitionsDone(), status.getFanOutComplete(), status.getCompleted(), status.getUpdatedAt());
    }
}
