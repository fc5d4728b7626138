package io.coursestream.topology.notifications;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import io.coursestream.schemas.notifications.BulkNotificationRequested;
import io.coursestream.schemas.notifications.CampaignStatus;
import io.coursestream.schemas.notifications.CampaignTally;

/**
 * Adds a campaign's request, fan-out tallies and delivery outcomes up into its {@link CampaignStatus}. Each method
 * returns the new status, or {@code current} itself when nothing changes, so a caller can skip the write.
 *
 * <ul>
 *   <li><b>Any of the three may come first.</b> The request is read from its topic, the tallies and outcomes through
 *   a repartition topic, so a status starts with whichever arrives first; the request fills in who asked for what
 *   when it comes. A second request (a replay) changes nothing.</li>
 *   <li><b>Tallies add.</b> Each batch's counts are added; a partition reporting done twice counts once.
 *   {@code targeted = sent + skipped} holds after every tally because it holds in every tally.</li>
 *   <li><b>Outcomes count once</b> per notification: the caller dedupes notification ids before calling
 *   {@link #outcome}.</li>
 *   <li><b>Complete</b> when every partition is done ({@code fanOutComplete}) and every sent notification has an
 *   outcome ({@code delivered + failed = sent}).</li>
 * </ul>
 */
public final class CampaignStatusFold {

    private CampaignStatusFold() {
    }

    /**
     * @param partitions tasks the campaign fans out in ({@link CampaignSettings#partitions()})
     * @param at         record time of the request
     */
    public static CampaignStatus requested(CampaignStatus current, BulkNotificationRequested request, int partitions,
            Instant at) {
        if (current != null && current.getRequestedAt() != null) {
            return current;
        }
        return settle(start(current, request.getCampaignId(), partitions, at)
                .setRequestedAt(request.getMetadata().getOccurredAt())
                .setRequestedBy(request.getRequestedBy())
                .setCategory(request.getCategory())
                .setChannels(new ArrayList<>(new LinkedHashSet<>(request.getChannels())))
                .setCritical(request.getCritical()));
    }

    public static CampaignStatus tallied(CampaignStatus current, CampaignTally tally, int partitions, Instant at) {
        CampaignStatus.Builder next = start(current, tally.getCampaignId(), partitions, at);
        long skipped = 0;
        Map<String, Long> byReason = new HashMap<>(next.getSkippedByReason());
        for (Map.Entry<String, Long> reason : tally.getSkippedByReason().entrySet()) {
            byReason.merge(reason.getKey(), reason.getValue(), Long::sum);
            skipped += reason.getValue();
        }
        TreeSet<Integer> done = new TreeSet<>(next.getDonePartitions());
        if (tally.getPartitionDone()) {
            done.add(tally.getPartition());
        }
        return settle(next
                .setAudience(next.getAudience() + tally.getAudience())
                .setTargeted(next.getTargeted() + tally.getTargeted())
                .setSent(next.getSent() + tally.getSent())
                .setSkipped(next.getSkipped() + skipped)
                .setSkippedByReason(byReason)
                .setDonePartitions(List.copyOf(done)));
    }

    /**
     * One notification's outcome, counted for the first time.
     *
     * @param delivered true for NotificationDelivered, false for a final NotificationFailed
     */
    public static CampaignStatus outcome(CampaignStatus current, String campaignId, boolean delivered, int partitions,
            Instant at) {
        CampaignStatus.Builder next = start(current, campaignId, partitions, at);
        if (delivered) {
            next.setDelivered(next.getDelivered() + 1);
        } else {
            next.setFailed(next.getFailed() + 1);
        }
        return settle(next);
    }

    private static CampaignStatus.Builder start(CampaignStatus current, String campaignId, int partitions, Instant at) {
        if (current == null) {
            return CampaignStatus.newBuilder()
                    .setCampaignId(campaignId)
                    .setRequestedAt(null)
                    .setRequestedBy(null)
                    .setCategory(null)
                    .setChannels(List.of())
                    .setCritical(false)
                    .setAudience(0)
                    .setTargeted(0)
                    .setSent(0)
                    .setSkipped(0)
                    .setSkippedByReason(Map.of())
                    .setDelivered(0)
                    .setFailed(0)
                    .setPartitions(partitions)
                    .setDonePartitions(List.of())
                    .setUpdatedAt(at);
        }
        CampaignStatus.Builder next = CampaignStatus.newBuilder(current);
        if (at.isAfter(current.getUpdatedAt())) {
            next.setUpdatedAt(at);
        }
        return next;
    }

    private static CampaignStatus settle(CampaignStatus.Builder next) {
        int done = next.getDonePartitions().size();
        boolean fanOutComplete = done >= next.getPartitions();
        return next
                .setPartitionsDone(done)
                .setFanOutComplete(fanOutComplete)
                .setCompleted(fanOutComplete && next.getDelivered() + next.getFailed() == next.getSent())
                .build();
    }
}
