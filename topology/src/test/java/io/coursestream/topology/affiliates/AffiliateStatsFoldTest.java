// Tier: unit (pure rules, no Kafka).
package io.coursestream.topology.affiliates;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;

import io.coursestream.schemas.affiliates.AffiliateCommissionEarned;
import io.coursestream.schemas.affiliates.AffiliateStats;
import io.coursestream.schemas.affiliates.CommissionApproved;
import io.coursestream.schemas.affiliates.CommissionReversed;
import io.coursestream.schemas.affiliates.CommissionStatus;
import io.coursestream.schemas.affiliates.PayoutCreated;
import io.coursestream.schemas.common.Money;
import io.coursestream.topology.testing.InputEvents;

/** How each affiliate event moves the dashboard's sums. */
class AffiliateStatsFoldTest {

    private static final Instant T0 = Instant.parse("2026-03-02T10:00:00Z");

    @Test
    void shouldMoveAmountsThroughTheLifeCycle() {
        // given a commission of 20.00 earned and approved, then 5.00 reversed after approval
        AffiliateStats stats = fold(null,
                earned(2_000, CommissionStatus.PENDING),
                approved(2_000, CommissionStatus.PENDING),
                reversed(-500, CommissionStatus.APPROVED, true));

        // then
        assertThat(stats.getCommissionsPending()).isEmpty();
        assertThat(stats.getCommissionsApproved()).isEqualTo(Map.of("EUR", 2_000L));
        assertThat(stats.getCommissionsReversed()).isEqualTo(Map.of("EUR", 500L));
        assertThat(stats.getCarryOver()).isEqualTo(Map.of("EUR", 500L));

        // when paid with the carry-over deducted
        stats = fold(stats, payout(2_000, 500));

        // then
        assertThat(stats.getCommissionsApproved()).isEmpty();
        assertThat(stats.getCommissionsPaid()).isEqualTo(Map.of("EUR", 2_000L));
        assertThat(stats.getCarryOver()).isEmpty();
        assertThat(stats.getDaily()).singleElement().satisfies(day -> {
            assertThat(day.getDate()).isEqualTo(LocalDate.of(2026, 3, 2));
            assertThat(day.getCommissionsEarned()).isEqualTo(Map.of("EUR", 2_000L));
        });
    }

    @Test
    void shouldTakeAReversalDuringTheHoldFromPendingOrHeld() {
        AffiliateStats stats = fold(null, earned(2_000, CommissionStatus.HELD_FOR_REVIEW),
                reversed(-800, CommissionStatus.HELD_FOR_REVIEW, false));
        assertThat(stats.getCommissionsHeldForReview()).isEqualTo(Map.of("EUR", 1_200L));
        assertThat(stats.getCommissionsReversed()).isEqualTo(Map.of("EUR", 800L));
        assertThat(stats.getCarryOver()).isEmpty();
    }

    @Test
    void shouldLeaveStatsUnchangedByAnEventThatDoesNotCount() {
        AffiliateStats stats = fold(null, earned(100, CommissionStatus.PENDING));
        assertThat(AffiliateStatsFold.apply(stats, "alice", InputEvents.courseEnrolled("u", "c", T0), 90))
                .isSameAs(stats);
    }

    private static AffiliateStats fold(AffiliateStats stats, SpecificRecord... events) {
        for (SpecificRecord event : List.of(events)) {
            stats = AffiliateStatsFold.apply(stats, "alice", event, 90);
        }
        return stats;
    }

    private static AffiliateCommissionEarned earned(long amount, CommissionStatus status) {
        return AffiliateCommissionEarned.newBuilder()
                .setMetadata(InputEvents.metadata(T0))
                .setCommissionId("c:1").setAffiliateId("alice").setConvertingAffiliateId("alice")
                .setConversionId("c").setTransactionId("t").setTier(1)
                .setBaseRateBasisPoints(2000).setLevelBonusBasisPoints(0).setAffiliateLevel(null)
                .setRateBasisPoints(2000).setRevenue(new Money(amount * 5, "EUR")).setAmount(new Money(amount, "EUR"))
                .setStatus(status).setHoldUntil(T0)
                .build();
    }

    private static CommissionApproved approved(long amount, CommissionStatus previous) {
        return new CommissionApproved(InputEvents.metadata(T0), "c:1", "alice", "c", new Money(amount, "EUR"),
                "hold-period", previous);
    }

    private static CommissionReversed reversed(long amount, CommissionStatus previous, boolean afterApproval) {
        return new CommissionReversed(InputEvents.metadata(T0), "c:1", "c:1:r", "alice", "c", "t", "r",
                new Money(amount, "EUR"), "refund", previous, afterApproval);
    }

    private static PayoutCreated payout(long gross, long deducted) {
        return new PayoutCreated(InputEvents.metadata(T0), "p", "alice", new Money(gross - deducted, "EUR"),
                new Money(gross, "EUR"), new Money(deducted, "EUR"), List.of("c:1"), List.of("c:1:r"), null, T0);
    }
}
