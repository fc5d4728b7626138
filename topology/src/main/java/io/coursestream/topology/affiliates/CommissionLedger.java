package io.coursestream.topology.affiliates;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.coursestream.schemas.affiliates.AffiliateCommissionEarned;
import io.coursestream.schemas.affiliates.AffiliateLedger;
import io.coursestream.schemas.affiliates.CommissionApproved;
import io.coursestream.schemas.affiliates.CommissionDeclined;
import io.coursestream.schemas.affiliates.CommissionReversalRequest;
import io.coursestream.schemas.affiliates.CommissionReversed;
import io.coursestream.schemas.affiliates.CommissionState;
import io.coursestream.schemas.affiliates.CommissionStatus;
import io.coursestream.schemas.affiliates.TierCommission;
import io.coursestream.schemas.common.Money;
import io.coursestream.schemas.control.ReviewConversion;
import io.coursestream.schemas.control.ReviewDecision;
import io.coursestream.schemas.users.PayoutAccountLinked;

/**
 * The life cycle of the commissions of one task's affiliates, over {@link LedgerStores}; every change is published
 * through the {@link Outbox}.
 *
 * <pre>
 *   earned ─► PENDING ──(stream time passes holdUntil)──► APPROVED ──(payout)──► PAID
 *         └─► HELD_FOR_REVIEW ──(review APPROVE)──► APPROVED
 *                             └─(review DECLINE)──► DECLINED
 *   PENDING or HELD_FOR_REVIEW refunded in full ──► REVERSED
 * </pre>
 * A refund reverses the difference between the commission's cumulative share of the refunds and what was reversed
 * before: during the hold the commission shrinks ({@code afterApproval} false); once APPROVED or PAID the amount is
 * carried over in its currency and deducted from the affiliate's next payout ({@code afterApproval} true). A review
 * is remembered per conversion, so a commission of a reviewed conversion arriving late in this task gets the same
 * decision; the first decision for a conversion stands.
 */
final class CommissionLedger {

    /** Where the ledger's events go: published keyed by the affiliate, and folded into their statistics. */
    interface Outbox {
        void publish(String affiliateId, SpecificRecord event, Instant at);
    }

    static final String HOLD_PERIOD = "hold-period";
    private static final Logger LOG = LoggerFactory.getLogger(CommissionLedger.class);

    private final LedgerStores stores;
    private final Outbox outbox;

    CommissionLedger(LedgerStores stores, Outbox outbox) {
        this.stores = stores;
        this.outbox = outbox;
    }

    void earn(TierCommission tierCommission) {
        AffiliateCommissionEarned earned = tierCommission.getEarned();
        if (stores.commissions.get(earned.getCommissionId()) != null) {
            return;
        }
        CommissionState commission = CommissionState.newBuilder()
                .setCommissionId(earned.getCommissionId())
                .setAffiliateId(earned.getAffiliateId())
                .setConversionId(earned.getConversionId())
                .setTransactionId(earned.getTransactionId())
                .setTier(earned.getTier())
                .setReferredUserId(tierCommission.getReferredUserId())
                .setAmount(earned.getAmount())
                .setReversedMinor(0)
                .setStatus(earned.getStatus())
                .setHoldUntil(earned.getHoldUntil())
                .setApprovedAt(null)
                .setApprovedMinor(0)
                .setPayoutId(null)
                .setFullyRefunded(false)
                .setCorrelationId(earned.getMetadata().getCorrelationId())
                .build();
        stores.save(null, commission);
        outbox.publish(earned.getAffiliateId(), earned, earned.getMetadata().getOccurredAt());
        ReviewConversion review = stores.reviews.get(earned.getConversionId());
        if (review != null && commission.getStatus() == CommissionStatus.HELD_FOR_REVIEW) {
            decide(commission, review);
        }
    }

    /** Whether the tier-1 commission of a conversion is here: its ConversionTracked was published. */
    boolean converted(String conversionId) {
        return stores.commissions.get(AffiliateIds.commissionId(conversionId, 1)) != null;
    }

    /** Approves every PENDING commission whose hold ended at or before {@code upTo}, in order of hold end. */
    void releaseHolds(Instant upTo) {
        List<String> due = new ArrayList<>();
        try (KeyValueIterator<String, String> range = stores.holds.range(null, LedgerStores.holdsEndingAfter(upTo))) {
            range.forEachRemaining(entry -> {
                if (entry.key.compareTo(LedgerStores.holdsEndingAfter(upTo)) < 0) {
                    due.add(entry.value);
                }
            });
        }
        for (String commissionId : due) {
            CommissionState commission = stores.commissions.get(commissionId);
            if (commission != null && commission.getStatus() == CommissionStatus.PENDING) {
                approve(commission, HOLD_PERIOD, commission.getHoldUntil(), null);
            }
        }
    }

    /** An operator's decision on a flagged conversion: applied to its held commissions in this task. */
    void review(ReviewConversion review) {
        if (review.getDecision() != ReviewDecision.APPROVE && review.getDecision() != ReviewDecision.DECLINE) {
            LOG.warn("Ignoring review {} of conversion {}: unknown decision", review.getCommandId(),
                    review.getConversionId());
            return;
        }
        if (stores.reviews.get(review.getConversionId()) == null) {
            stores.reviews.put(review.getConversionId(), review);
        }
        ReviewConversion standing = stores.reviews.get(review.getConversionId());
        List<CommissionState> commissions = new ArrayList<>(stores.ofConversion(review.getConversionId()));
        commissions.sort(Comparator.comparingInt(CommissionState::getTier));
        for (CommissionState commission : commissions) {
            if (commission.getStatus() == CommissionStatus.HELD_FOR_REVIEW) {
                decide(commission, standing);
            }
        }
    }

    private void decide(CommissionState commission, ReviewConversion review) {
        Instant at = review.getMetadata().getOccurredAt();
        String causation = review.getMetadata().getEventId().toString();
        if (review.getDecision() == ReviewDecision.APPROVE) {
            approve(commission, review.getReviewedBy(), at, causation);
            return;
        }
        CommissionState declined = CommissionState.newBuilder(commission).setStatus(CommissionStatus.DECLINED).build();
        stores.save(commission, declined);
        outbox.publish(commission.getAffiliateId(), CommissionDeclined.newBuilder()
                .setMetadata(AffiliateIds.metadata("commission-declined", commission.getCommissionId(), at,
                        commission.getCorrelationId(), causation))
                .setCommissionId(commission.getCommissionId())
                .setAffiliateId(commission.getAffiliateId())
                .setConversionId(commission.getConversionId())
                .setAmount(remaining(commission))
                .setDeclinedBy(review.getReviewedBy())
                .setNote(review.getNote())
                .build(), at);
    }

    private void approve(CommissionState commission, String approvedBy, Instant at, String causationId) {
        Money amount = remaining(commission);
        CommissionState approved = CommissionState.newBuilder(commission)
                .setStatus(CommissionStatus.APPROVED)
                .setApprovedAt(at)
                .setApprovedMinor(amount.getAmountMinor())
                .build();
        stores.save(commission, approved);
        outbox.publish(commission.getAffiliateId(), CommissionApproved.newBuilder()
                .setMetadata(AffiliateIds.metadata("commission-approved", commission.getCommissionId(), at,
                        commission.getCorrelationId(), causationId))
                .setCommissionId(commission.getCommissionId())
                .setAffiliateId(commission.getAffiliateId())
                .setConversionId(commission.getConversionId())
                .setAmount(amount)
                .setApprovedBy(approvedBy)
                .setPreviousStatus(commission.getStatus())
                .build(), at);
    }

    /** A refund's cumulative share of one commission: reverses what was not reversed yet. */
    void reverse(CommissionReversalRequest request) {
        CommissionState commission = stores.commissions.get(request.getCommissionId());
        if (commission == null) {
            LOG.warn("Refund {} reverses commission {}, which this task does not have", request.getRefundId(),
                    request.getCommissionId());
            return;
        }
        CommissionState.Builder next = CommissionState.newBuilder(commission)
                .setFullyRefunded(commission.getFullyRefunded() || request.getFullRefund());
        long left = commission.getAmount().getAmountMinor() - commission.getReversedMinor();
        long delta = Math.min(left, request.getReversedMinor() - commission.getReversedMinor());
        CommissionStatus status = commission.getStatus();
        boolean reversible = status == CommissionStatus.PENDING || status == CommissionStatus.HELD_FOR_REVIEW
                || status == CommissionStatus.APPROVED || status == CommissionStatus.PAID;
        if (delta <= 0 || !reversible) {
            stores.save(commission, next.build());
            return;
        }
        boolean afterApproval = status == CommissionStatus.APPROVED || status == CommissionStatus.PAID;
        next.setReversedMinor(commission.getReversedMinor() + delta);
        if (!afterApproval && delta == left) {
            next.setStatus(CommissionStatus.REVERSED);
        }
        String reversalId = AffiliateIds.reversalId(commission.getCommissionId(), request.getRefundId());
        String currency = commission.getAmount().getCurrency();
        if (afterApproval) {
            carryOver(commission.getAffiliateId(), currency, delta, reversalId);
        }
        stores.save(commission, next.build());
        Instant at = request.getAt();
        outbox.publish(commission.getAffiliateId(), CommissionReversed.newBuilder()
                .setMetadata(AffiliateIds.metadata("commission-reversed", reversalId, at, request.getCorrelationId(),
                        request.getEventId()))
                .setCommissionId(commission.getCommissionId())
                .setReversalId(reversalId)
                .setAffiliateId(commission.getAffiliateId())
                .setConversionId(commission.getConversionId())
                .setTransactionId(commission.getTransactionId())
                .setRefundId(request.getRefundId())
                .setAmount(new Money(-delta, currency))
                .setReason("refund: " + request.getReason())
                .setPreviousStatus(status)
                .setAfterApproval(afterApproval)
                .build(), at);
    }

    private void carryOver(String affiliateId, String currency, long amountMinor, String reversalId) {
        AffiliateLedger ledger = stores.ledgerOf(affiliateId);
        Map<String, Long> carryOver = new HashMap<>(ledger.getCarryOver());
        carryOver.merge(currency, amountMinor, Long::sum);
        Map<String, List<String>> reversalIds = new HashMap<>(ledger.getCarryOverReversalIds());
        List<String> ids = new ArrayList<>(reversalIds.getOrDefault(currency, List.of()));
        ids.add(reversalId);
        reversalIds.put(currency, ids);
        stores.ledgers.put(affiliateId, AffiliateLedger.newBuilder(ledger).setCarryOver(carryOver)
                .setCarryOverReversalIds(reversalIds).build());
    }

    /** The latest linked account is where payouts go. */
    void linkAccount(PayoutAccountLinked linked) {
        AffiliateLedger ledger = stores.ledgerOf(linked.getUserId());
        stores.ledgers.put(linked.getUserId(), AffiliateLedger.newBuilder(ledger)
                .setPayoutProvider(linked.getProvider())
                .setPayoutAccountId(linked.getAccountId())
                .build());
    }

    private static Money remaining(CommissionState commission) {
        return new Money(commission.getAmount().getAmountMinor() - commission.getReversedMinor(),
                commission.getAmount().getCurrency());
    }
}
