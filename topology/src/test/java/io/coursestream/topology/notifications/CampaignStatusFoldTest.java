// Tier: unit (the campaign counts, no Kafka).
package io.coursestream.topology.notifications;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.coursestream.schemas.notifications.BulkNotificationRequested;
import io.coursestream.schemas.notifications.CampaignStatus;
import io.coursestream.schemas.notifications.CampaignTally;
import io.coursestream.schemas.notifications.NotificationChannel;
import io.coursestream.topology.testing.InputEvents;

/** How a campaign's status adds up over several partitions, in whatever order its parts arrive. */
class CampaignStatusFoldTest {

    private static final Instant T0 = Instant.parse("2026-11-02T10:00:00Z");
    private static final String CAMPAIGN = "5f0c6e7a-2b1d-4c3e-9a8f-7d6c5b4a3e2f";
    private static final int PARTITIONS = 3;

    @Test
    void shouldCompleteOnlyWhenEveryPartitionIsDoneAndEverySentNotificationHasAnOutcome() {
        // Given: a tally overtakes the request
        CampaignStatus status = CampaignStatusFold.tallied(null, tally(0, 4, 3, Map.of("UNSUBSCRIBED", 1L), true),
                PARTITIONS, T0.plusSeconds(1));
        assertThat(status.getRequestedAt()).isNull();
        status = CampaignStatusFold.requested(status, request(), PARTITIONS, T0.plusSeconds(2));

        // When: partition 0 reports done twice, partition 1 is done, partition 2 is not yet
        status = CampaignStatusFold.tallied(status, tally(0, 0, 0, Map.of(), true), PARTITIONS, T0.plusSeconds(3));
        status = CampaignStatusFold.tallied(status, tally(1, 2, 1, Map.of("ADDRESS_SUPPRESSED", 1L), true),
                PARTITIONS, T0.plusSeconds(3));
        status = CampaignStatusFold.tallied(status, tally(2, 2, 2, Map.of(), false), PARTITIONS, T0.plusSeconds(3));
        for (int i = 0; i < 6; i++) {
            status = CampaignStatusFold.outcome(status, CAMPAIGN, i % 2 == 0, PARTITIONS, T0.plusSeconds(4));
        }

        // Then: every sent notification has its outcome, but partition 2 may still send more
        assertThat(status.getTargeted()).isEqualTo(8);
        assertThat(status.getSent()).isEqualTo(6);
        assertThat(status.getSkipped()).isEqualTo(2);
        assertThat(status.getSkippedByReason()).containsOnly(Map.entry("UNSUBSCRIBED", 1L),
                Map.entry("ADDRESS_SUPPRESSED", 1L));
        assertThat(status.getDonePartitions()).containsExactly(0, 1);
        assertThat(status.getPartitionsDone()).isEqualTo(2);
        assertThat(status.getFanOutComplete()).isFalse();
        assertThat(status.getCompleted()).isFalse();

        // When
        status = CampaignStatusFold.tallied(status, tally(2, 0, 0, Map.of(), true), PARTITIONS, T0.plusSeconds(5));

        // Then
        assertThat(status.getFanOutComplete()).isTrue();
        assertThat(status.getCompleted()).isTrue();
        assertThat(status.getDelivered()).isEqualTo(3);
        assertThat(status.getFailed()).isEqualTo(3);
        assertThat(status.getRequestedAt()).isEqualTo(T0);
        assertThat(status.getUpdatedAt()).isEqualTo(T0.plusSeconds(5));
    }

    @Test
    void shouldKeepTheFirstRequestWhenItIsReplayed() {
        CampaignStatus first = CampaignStatusFold.requested(null, request(), PARTITIONS, T0);

        BulkNotificationRequested replay = BulkNotificationRequested.newBuilder(request())
                .setRequestedBy("someone-else").build();

        assertThat(CampaignStatusFold.requested(first, replay, PARTITIONS, T0.plusSeconds(60))).isSameAs(first);
        assertThat(first.getRequestedBy()).isEqualTo("admin@example.org");
        assertThat(first.getChannels()).containsExactly(NotificationChannel.EMAIL);
        assertThat(first.getCompleted()).isFalse();
    }

    private static BulkNotificationRequested request() {
        return InputEvents.bulkNotificationRequested(CAMPAIGN, T0);
    }

    private static CampaignTally tally(int partition, long targeted, long sent, Map<String, Long> skipped,
            boolean done) {
        return CampaignTally.newBuilder()
                .setCampaignId(CAMPAIGN)
                .setPartition(partition)
                .setBatch(1)
                .setAudience(targeted)
                .setTargeted(targeted)
                .setSent(sent)
                .setSkippedByReason(skipped)
                .setPartitionDone(done)
                .setCountedAt(T0)
                .build();
    }
}
