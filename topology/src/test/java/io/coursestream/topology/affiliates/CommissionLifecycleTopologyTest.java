// Tier: topology test (TopologyTestDriver, no broker).
package io.coursestream.topology.affiliates;

import static io.coursestream.topology.affiliates.AffiliateDriver.T0;
import static io.coursestream.topology.testing.AffiliateFixtures.codeOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.KeyValue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.coursestream.schemas.affiliates.AffiliateStats;
import io.coursestream.schemas.affiliates.CommissionApproved;
import io.coursestream.schemas.affiliates.CommissionDeclined;
import io.coursestream.schemas.affiliates.CommissionReversed;
import io.coursestream.schemas.affiliates.CommissionStatus;
import io.coursestream.schemas.common.Money;
import io.coursestream.schemas.control.ReviewDecision;
import io.coursestream.schemas.payments.PaymentRefunded;
import io.coursestream.schemas.payments.PaymentSucceeded;
import io.coursestream.topology.testing.AffiliateFixtures;

/**
 * A commission's life: approved when the ledger's stream time passes its hold, held ones approved or declined by an
 * operator on every tier, and refunds reversed in proportion, before approval by shrinking the commission, after it
 * as a carry-over.
 */
class CommissionLifecycleTopologyTest {

    static final String GRACE = "6eace000-0000-4000-8000-000000000001";
    static final String BOB = "b0b00000-0000-4000-8000-000000000002";
    static final String ALICE = "a11ce000-0000-4000-8000-000000000003";
    static final String CAROL = "ca401000-0000-4000-8000-000000000004";

    /** A transaction whose conversion id an operator can know before its payment arrives. */
    private static final String KNOWN_TRANSACTION = "7a000000-0000-4000-8000-0000000000aa";
    private static final Instant PAID_AT = T0.plus(Duration.ofDays(1));
    private static final Instant HOLD_ENDS = PAID_AT.plus(Duration.ofDays(30));

    @TempDir
    Path stateDir;

    private AffiliateDriver affiliates;

    @BeforeEach
    void start() {
        affiliates = new AffiliateDriver(stateDir, AffiliateSettings.DEFAULTS.withPartitions(1));
    }

    @AfterEach
    void close() {
        affiliates.close();
    }

    // ---- hold period ------------------------------------------------------------------------------------------------

    @Test
    void shouldApproveEveryTierOnceTheLedgersStreamTimePassesTheHold() {
        // Given
        chain(null);
        String conversionId = conversionOf(affiliates.pay(CAROL, 10_000, "EUR", PAID_AT));
        affiliates.events();

        // When: a millisecond before the hold ends nothing happens
        affiliates.streamTimeTo(HOLD_ENDS.minusMillis(1));
        assertThat(affiliates.events()).isEmpty();
        affiliates.streamTimeTo(HOLD_ENDS);

        // Then
        List<KeyValue<String, SpecificRecord>> events = affiliates.events();
        assertThat(affiliates.eventsOf(events, CommissionApproved.class))
                .extracting(CommissionApproved::getCommissionId, CommissionApproved::getAffiliateId,
                        approved -> approved.getAmount().getAmountMinor(), CommissionApproved::getApprovedBy,
                        CommissionApproved::getPreviousStatus)
                .containsExactlyInAnyOrder(
                        tuple(conversionId + ":1", ALICE, 2_000L, "hold-period", CommissionStatus.PENDING),
                        tuple(conversionId + ":2", BOB, 500L, "hold-period", CommissionStatus.PENDING),
                        tuple(conversionId + ":3", GRACE, 200L, "hold-period", CommissionStatus.PENDING));
        assertThat(affiliates.eventsOf(events, CommissionApproved.class))
                .allSatisfy(approved -> assertThat(approved.getMetadata().getOccurredAt()).isEqualTo(HOLD_ENDS));
        assertThat(events).hasSize(3);
        assertThat(affiliates.statsOf(ALICE).getCommissionsApproved()).isEqualTo(Map.of("EUR", 2_000L));
        assertThat(affiliates.statsOf(ALICE).getCommissionsPending()).isEmpty();
    }

    // ---- review -----------------------------------------------------------------------------------------------------

    @Test
    void shouldApproveEveryTierOfAFlaggedConversionOnReview() {
        // Given: a flagged conversion (Carol uses Alice's address)
        chain("alice@example.org");
        String conversionId = conversionOf(affiliates.pay(CAROL, 10_000, "EUR", PAID_AT));
        affiliates.events();

        // When: the hold passing does not release held commissions; the operator approves
        affiliates.streamTimeTo(HOLD_ENDS);
        assertThat(affiliates.events()).isEmpty();
        affiliates.review(conversionId, ReviewDecision.APPROVE, HOLD_ENDS.plusSeconds(60));
        affiliates.review(conversionId, ReviewDecision.DECLINE, HOLD_ENDS.plusSeconds(120));

        // Then: the first decision holds, for every tier
        List<KeyValue<String, SpecificRecord>> events = affiliates.events();
        assertThat(affiliates.eventsOf(events, CommissionApproved.class))
                .extracting(CommissionApproved::getAffiliateId, CommissionApproved::getApprovedBy,
                        CommissionApproved::getPreviousStatus)
                .containsExactly(tuple(ALICE, "ops@example.org", CommissionStatus.HELD_FOR_REVIEW),
                        tuple(BOB, "ops@example.org", CommissionStatus.HELD_FOR_REVIEW),
                        tuple(GRACE, "ops@example.org", CommissionStatus.HELD_FOR_REVIEW));
        assertThat(events).hasSize(3);
        assertThat(affiliates.statsOf(BOB).getCommissionsApproved()).isEqualTo(Map.of("EUR", 500L));
        assertThat(affiliates.statsOf(BOB).getCommissionsHeldForReview()).isEmpty();
    }

    @Test
    void shouldDeclineEveryTierOfAFlaggedConversionOnReview() {
        // Given
        chain("alice@example.org");
        String conversionId = conversionOf(affiliates.pay(CAROL, 10_000, "EUR", PAID_AT));
        affiliates.events();

        // When
        affiliates.review(conversionId, ReviewDecision.DECLINE, PAID_AT.plus(Duration.ofDays(2)));

        // Then
        List<KeyValue<String, SpecificRecord>> events = affiliates.events();
        assertThat(affiliates.eventsOf(events, CommissionDeclined.class))
                .extracting(CommissionDeclined::getAffiliateId, declined -> declined.getAmount().getAmountMinor(),
                        CommissionDeclined::getDeclinedBy, CommissionDeclined::getNote)
                .containsExactly(tuple(ALICE, 2_000L, "ops@example.org", "same household"),
                        tuple(BOB, 500L, "ops@example.org", "same household"),
                        tuple(GRACE, 200L, "ops@example.org", "same household"));
        assertThat(events).hasSize(3);
        AffiliateStats grace = affiliates.statsOf(GRACE);
        assertThat(grace.getCommissionsHeldForReview()).isEmpty();
        assertThat(grace.getCommissionsReversed()).isEqualTo(Map.of("EUR", 200L));

        // and a refund later reverses nothing more
        affiliates.streamTimeTo(HOLD_ENDS.plusSeconds(1));
        assertThat(affiliates.events()).isEmpty();
    }

    @Test
    void shouldApplyAReviewToACommissionThatArrivesAfterIt() {
        // Given: the decision on the conversion of a transaction is in before its commissions reach this task
        chain("alice@example.org");
        PaymentSucceeded payment = AffiliateFixtures.succeeded(KNOWN_TRANSACTION, CAROL, "carol@example.org",
                new Money(10_000L, "EUR"), PAID_AT);
        affiliates.review(conversionOf(payment), ReviewDecision.APPROVE, PAID_AT.minusSeconds(60));
        assertThat(affiliates.events()).isEmpty();

        // When
        affiliates.pay(payment);

        // Then: held, then approved at once, on every tier
        List<KeyValue<String, SpecificRecord>> events = affiliates.events();
        assertThat(affiliates.eventsOf(events, CommissionApproved.class))
                .extracting(CommissionApproved::getAffiliateId, CommissionApproved::getPreviousStatus)
                .containsExactly(tuple(ALICE, CommissionStatus.HELD_FOR_REVIEW),
                        tuple(BOB, CommissionStatus.HELD_FOR_REVIEW), tuple(GRACE, CommissionStatus.HELD_FOR_REVIEW));
    }

    // ---- refunds ----------------------------------------------------------------------------------------------------

    @Test
    void shouldShrinkEveryTierInProportionToAPartialRefundDuringTheHold() {
        // Given
        chain(null);
        PaymentSucceeded payment = affiliates.pay(CAROL, 10_000, "EUR", PAID_AT);
        affiliates.events();

        // When: a quarter is refunded
        PaymentRefunded refund = affiliates.refund(payment, 2_500, PAID_AT.plus(Duration.ofDays(2)));

        // Then
        String conversionId = conversionOf(payment);
        List<CommissionReversed> reversed = affiliates.eventsOf(affiliates.events(), CommissionReversed.class);
        assertThat(reversed).extracting(CommissionReversed::getAffiliateId, CommissionReversed::getAmount,
                        CommissionReversed::getPreviousStatus, CommissionReversed::getAfterApproval,
                        CommissionReversed::getReversalId)
                .containsExactly(
                        tuple(ALICE, new Money(-500L, "EUR"), CommissionStatus.PENDING, false,
                                conversionId + ":1:" + refund.getRefundId()),
                        tuple(BOB, new Money(-125L, "EUR"), CommissionStatus.PENDING, false,
                                conversionId + ":2:" + refund.getRefundId()),
                        tuple(GRACE, new Money(-50L, "EUR"), CommissionStatus.PENDING, false,
                                conversionId + ":3:" + refund.getRefundId()));
        assertThat(reversed).allSatisfy(reversal -> {
            assertThat(reversal.getRefundId()).isEqualTo(refund.getRefundId());
            assertThat(reversal.getTransactionId()).isEqualTo(payment.getTransactionId());
            assertThat(reversal.getReason()).isEqualTo("refund: requested_by_customer");
        });

        // and the hold approves what is left
        affiliates.streamTimeTo(HOLD_ENDS);
        assertThat(affiliates.eventsOf(affiliates.events(), CommissionApproved.class))
                .extracting(approved -> approved.getAmount().getAmountMinor()).containsExactly(1_500L, 375L, 150L);
        assertThat(affiliates.statsOf(ALICE).getCommissionsApproved()).isEqualTo(Map.of("EUR", 1_500L));
        assertThat(affiliates.statsOf(ALICE).getCommissionsReversed()).isEqualTo(Map.of("EUR", 500L));
    }

    @Test
    void shouldReverseEveryTierInFullOnAFullRefundDuringTheHold() {
        // Given
        chain(null);
        PaymentSucceeded payment = affiliates.pay(CAROL, 10_000, "EUR", PAID_AT);
        affiliates.events();

        // When
        affiliates.refund(payment, 10_000, PAID_AT.plus(Duration.ofDays(2)));

        // Then
        assertThat(affiliates.eventsOf(affiliates.events(), CommissionReversed.class))
                .extracting(reversal -> reversal.getAmount().getAmountMinor()).containsExactly(-2_000L, -500L, -200L);
        affiliates.streamTimeTo(HOLD_ENDS);
        assertThat(affiliates.events()).as("nothing left to approve").isEmpty();
        AffiliateStats alice = affiliates.statsOf(ALICE);
        assertThat(alice.getCommissionsPending()).isEmpty();
        assertThat(alice.getCommissionsReversed()).isEqualTo(Map.of("EUR", 2_000L));
    }

    @Test
    void shouldNeverOverOrUnderReverseOverSeveralPartialRefunds() {
        // Given: 9.99 EUR, commissions 2.00, 0.50, 0.20
        chain(null);
        PaymentSucceeded payment = affiliates.pay(CAROL, 999, "EUR", PAID_AT);
        affiliates.events();

        // When: three thirds, one of them delivered twice
        affiliates.refund(payment, 333, PAID_AT.plus(Duration.ofDays(1)));
        PaymentRefunded second = affiliates.refund(payment, 333, PAID_AT.plus(Duration.ofDays(2)));
        affiliates.refund(second);
        affiliates.refund(payment, 333, PAID_AT.plus(Duration.ofDays(3)));

        // Then: per tier, the reversals add up to the commission exactly
        List<CommissionReversed> reversed = affiliates.eventsOf(affiliates.events(), CommissionReversed.class);
        assertThat(reversed).filteredOn(reversal -> reversal.getAffiliateId().equals(ALICE))
                .extracting(reversal -> reversal.getAmount().getAmountMinor()).containsExactly(-67L, -66L, -67L);
        assertThat(reversed).filteredOn(reversal -> reversal.getAffiliateId().equals(BOB))
                .extracting(reversal -> reversal.getAmount().getAmountMinor()).containsExactly(-17L, -16L, -17L);
        assertThat(reversed).filteredOn(reversal -> reversal.getAffiliateId().equals(GRACE))
                .extracting(reversal -> reversal.getAmount().getAmountMinor()).containsExactly(-7L, -6L, -7L);
        assertThat(affiliates.statsOf(ALICE).getCommissionsPending()).isEmpty();
    }

    @Test
    void shouldCarryOverAPartialRefundAfterApproval() {
        // Given: approved commissions
        chain(null);
        PaymentSucceeded payment = affiliates.pay(CAROL, 10_000, "EUR", PAID_AT);
        affiliates.streamTimeTo(HOLD_ENDS);
        affiliates.events();

        // When: 40% refunded after the hold
        affiliates.refund(payment, 4_000, HOLD_ENDS.plus(Duration.ofDays(1)));

        // Then
        assertThat(affiliates.eventsOf(affiliates.events(), CommissionReversed.class))
                .extracting(CommissionReversed::getAffiliateId, reversal -> reversal.getAmount().getAmountMinor(),
                        CommissionReversed::getPreviousStatus, CommissionReversed::getAfterApproval)
                .containsExactly(tuple(ALICE, -800L, CommissionStatus.APPROVED, true),
                        tuple(BOB, -200L, CommissionStatus.APPROVED, true),
                        tuple(GRACE, -80L, CommissionStatus.APPROVED, true));
        AffiliateStats alice = affiliates.statsOf(ALICE);
        assertThat(alice.getCommissionsApproved()).isEqualTo(Map.of("EUR", 2_000L));
        assertThat(alice.getCarryOver()).isEqualTo(Map.of("EUR", 800L));
        assertThat(alice.getCommissionsReversed()).isEqualTo(Map.of("EUR", 800L));
    }

    @Test
    void shouldCarryOverTheWholeCommissionOnAFullRefundAfterApproval() {
        // Given
        chain(null);
        PaymentSucceeded payment = affiliates.pay(CAROL, 10_000, "EUR", PAID_AT);
        affiliates.streamTimeTo(HOLD_ENDS);
        affiliates.events();

        // When
        affiliates.refund(payment, 10_000, HOLD_ENDS.plus(Duration.ofDays(1)));

        // Then
        assertThat(affiliates.eventsOf(affiliates.events(), CommissionReversed.class))
                .extracting(reversal -> reversal.getAmount().getAmountMinor(), CommissionReversed::getAfterApproval)
                .containsExactly(tuple(-2_000L, true), tuple(-500L, true), tuple(-200L, true));
        assertThat(affiliates.statsOf(GRACE).getCarryOver()).isEqualTo(Map.of("EUR", 200L));
    }

    /** Grace sponsors Bob, Bob sponsors Alice, Carol registered with Alice's code (with {@code carolEmail}). */
    private void chain(String carolEmail) {
        affiliates.register(GRACE, T0);
        affiliates.register(BOB, codeOf(GRACE), T0.plusSeconds(60));
        affiliates.register(AffiliateFixtures.registered(ALICE, "alice@example.org", codeOf(BOB), "10.9.0.1",
                "device-alice", T0.plusSeconds(120)));
        affiliates.register(AffiliateFixtures.registered(CAROL, carolEmail != null ? carolEmail : "carol@example.org",
                codeOf(ALICE), "10.9.0.2", "device-carol", T0.plusSeconds(180)));
        affiliates.events();
    }

    private static String conversionOf(PaymentSucceeded payment) {
        return AffiliateIds.conversionId(payment.getTransactionId());
    }
}
