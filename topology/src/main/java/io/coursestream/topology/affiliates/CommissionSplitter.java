package io.coursestream.topology.affiliates;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.coursestream.schemas.affiliates.AffiliateCommissionEarned;
import io.coursestream.schemas.affiliates.AffiliateProfile;
import io.coursestream.schemas.affiliates.AffiliateRiskState;
import io.coursestream.schemas.affiliates.CommissionReversalRequest;
import io.coursestream.schemas.affiliates.CommissionStatus;
import io.coursestream.schemas.affiliates.ConversionCandidate;
import io.coursestream.schemas.affiliates.ConversionFlagged;
import io.coursestream.schemas.affiliates.ConversionRefund;
import io.coursestream.schemas.affiliates.ConversionSplit;
import io.coursestream.schemas.affiliates.ConversionTracked;
import io.coursestream.schemas.affiliates.FraudFingerprint;
import io.coursestream.schemas.affiliates.TierCommission;
import io.coursestream.schemas.affiliates.TierShare;
import io.coursestream.schemas.common.Money;

/**
 * Scores and splits the conversions of one task's converting affiliates (keyed by the converting affiliate; state
 * {@value AffiliateTopology#RISK_STORE} and {@value AffiliateTopology#SPLITS_STORE}, sponsors and levels from the
 * global {@value AffiliateTopology#PROFILES_STORE}).
 *
 * <ul>
 *   <li>A {@link FraudFingerprint} keyed by its user is that user's registration, kept for the self-referral rules
 *       of the conversions they bring as an affiliate.</li>
 *   <li>A conversion is scored ({@link FraudScorer}) and counted in the affiliate's velocity window; its tiers are the
 *       credited affiliate, their sponsor, the sponsor's sponsor, ... as many as there are rates, stopping at a user
 *       without sponsor, at a user already in the chain (a cycle) and at the buyer; the split ({@link CommissionSplit})
 *       is kept for refunds. Out go a {@link ConversionTracked}, a {@link ConversionFlagged} when it scores at or above
 *       the threshold (then every tier is HELD_FOR_REVIEW instead of PENDING), and one {@link TierCommission} per tier
 *       keyed by the tier's affiliate. A conversion split before is not split again.</li>
 *   <li>A duplicate payment of a converted transaction only yields a {@link ConversionFlagged}.</li>
 *   <li>A {@link ConversionRefund} yields one {@link CommissionReversalRequest} per tier, keyed by the tier's
 *       affiliate, with the tier's cumulative share of the refund.</li>
 * </ul>
 */
final class CommissionSplitter implements Processor<String, SpecificRecord, String, SpecificRecord> {

    private static final Logger LOG = LoggerFactory.getLogger(CommissionSplitter.class);

    private final AffiliateSettings settings;
    private ProcessorContext<String, SpecificRecord> context;
    private KeyValueStore<String, AffiliateRiskState> risks;
    private KeyValueStore<String, ConversionSplit> splits;
    private KeyValueStore<String, AffiliateProfile> profiles;

    CommissionSplitter(AffiliateSettings settings) {
        this.settings = settings;
    }

    @Override
    public void init(ProcessorContext<String, SpecificRecord> context) {
        this.context = context;
        this.risks = context.getStateStore(AffiliateTopology.RISK_STORE);
        this.splits = context.getStateStore(AffiliateTopology.SPLITS_STORE);
        this.profiles = context.getStateStore(AffiliateTopology.PROFILES_STORE);
    }

    @Override
    public void process(Record<String, SpecificRecord> record) {
        SpecificRecord value = record.value();
        if (value instanceof FraudFingerprint fingerprint && fingerprint.getUserId().equals(record.key())) {
            risks.put(fingerprint.getUserId(), AffiliateRiskState.newBuilder(riskOf(fingerprint.getUserId()))
                    .setFingerprint(fingerprint).build());
        } else if (value instanceof ConversionCandidate candidate) {
            if (candidate.getDuplicate()) {
                flagDuplicate(candidate);
            } else {
                convert(candidate);
            }
        } else if (value instanceof ConversionRefund refund) {
            reverse(refund);
        }
    }

    private void convert(ConversionCandidate candidate) {
        String conversionId = candidate.getConversionId();
        if (splits.get(conversionId) != null) {
            return;
        }
        AffiliateRiskState risk = riskOf(candidate.getAffiliateId());
        FraudScorer.Score score = FraudScorer.score(candidate, risk, settings);
        risks.put(candidate.getAffiliateId(), FraudScorer.counted(risk, candidate, settings));

        List<CommissionSplit.Share> shares = CommissionSplit.split(candidate.getRevenue().getAmountMinor(),
                earners(candidate), settings);
        List<TierShare> tiers = new ArrayList<>();
        for (CommissionSplit.Share share : shares) {
            tiers.add(new TierShare(share.tier(), share.affiliateId(),
                    AffiliateIds.commissionId(conversionId, share.tier()), share.amountMinor()));
        }
        splits.put(conversionId, ConversionSplit.newBuilder()
                .setConversionId(conversionId)
                .setTransactionId(candidate.getTransactionId())
                .setAffiliateId(candidate.getAffiliateId())
                .setReferredUserId(candidate.getReferredUserId())
                .setRevenue(candidate.getRevenue())
                .setTiers(tiers)
                .build());

        Instant at = candidate.getPaidAt();
        forward(candidate.getAffiliateId(), tracked(candidate), at);
        if (score.flagged()) {
            LOG.info("Conversion {} of affiliate {} flagged with score {}: {}", conversionId,
                    candidate.getAffiliateId(), score.score(), score.reasons());
            forward(candidate.getAffiliateId(), flagged(candidate, score, "conversion-flagged", conversionId), at);
        }
        CommissionStatus status = score.flagged() ? CommissionStatus.HELD_FOR_REVIEW : CommissionStatus.PENDING;
        for (CommissionSplit.Share share : shares) {
            forward(share.affiliateId(), new TierCommission(earned(candidate, share, status),
                    candidate.getReferredUserId()), at);
        }
    }

    /** Tier 1 the credited affiliate, then sponsors up the chain while there are rates, no cycle and not the buyer. */
    private List<CommissionSplit.Earner> earners(ConversionCandidate candidate) {
        List<CommissionSplit.Earner> earners = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        seen.add(candidate.getReferredUserId());
        String affiliateId = candidate.getAffiliateId();
        int tiers = settings.commissions().tiers();
        for (int tier = 1; tier <= tiers && affiliateId != null && seen.add(affiliateId); tier++) {
            AffiliateProfile profile = profiles.get(affiliateId);
            earners.add(new CommissionSplit.Earner(tier, affiliateId, profile == null ? null : profile.getLevel()));
            affiliateId = profile == null ? null : profile.getSponsorId();
        }
        return earners;
    }

    private void flagDuplicate(ConversionCandidate candidate) {
        FraudScorer.Score score = FraudScorer.duplicate(candidate, settings);
        forward(candidate.getAffiliateId(), flagged(candidate, score, "conversion-flagged-duplicate",
                candidate.getConversionId() + ":" + candidate.getPaymentEventId()), candidate.getPaidAt());
    }

    private void reverse(ConversionRefund refund) {
        ConversionSplit split = splits.get(refund.getConversionId());
        if (split == null) {
            LOG.warn("Refund {} names conversion {}, which this task never split", refund.getRefundId(),
                    refund.getConversionId());
            return;
        }
        long revenue = split.getRevenue().getAmountMinor();
        boolean full = refund.getRefundedMinor() >= revenue;
        for (TierShare tier : split.getTiers()) {
            forward(tier.getAffiliateId(), CommissionReversalRequest.newBuilder()
                    .setCommissionId(tier.getCommissionId())
                    .setAffiliateId(tier.getAffiliateId())
                    .setConversionId(split.getConversionId())
                    .setTransactionId(split.getTransactionId())
                    .setRefundId(refund.getRefundId())
                    .setReversedMinor(CommissionSplit.reversedShare(tier.getAmountMinor(), refund.getRefundedMinor(),
                            revenue))
                    .setCurrency(split.getRevenue().getCurrency())
                    .setFullRefund(full)
                    .setReason(refund.getReason())
                    .setAt(refund.getAt())
                    .setEventId(refund.getEventId())
                    .setCorrelationId(refund.getCorrelationId())
                    .build(), refund.getAt());
        }
    }

    private AffiliateRiskState riskOf(String affiliateId) {
        AffiliateRiskState risk = risks.get(affiliateId);
        return risk != null ? risk : new AffiliateRiskState(affiliateId, null, List.of());
    }

    private ConversionTracked tracked(ConversionCandidate candidate) {
        return ConversionTracked.newBuilder()
                .setMetadata(AffiliateIds.metadata("conversion-tracked", candidate.getConversionId(),
                        candidate.getPaidAt(), candidate.getCorrelationId(), candidate.getPaymentEventId()))
                .setConversionId(candidate.getConversionId())
                .setAffiliateId(candidate.getAffiliateId())
                .setReferredUserId(candidate.getReferredUserId())
                .setTransactionId(candidate.getTransactionId())
                .setCourseId(candidate.getCourseId())
                .setRevenue(candidate.getRevenue())
                .setAttribution(candidate.getAttribution())
                .setReferralCode(candidate.getReferralCode())
                .setReferredAt(candidate.getReferredAt())
                .build();
    }

    private static ConversionFlagged flagged(ConversionCandidate candidate, FraudScorer.Score score, String kind,
            String subject) {
        return ConversionFlagged.newBuilder()
                .setMetadata(AffiliateIds.metadata(kind, subject, candidate.getPaidAt(), candidate.getCorrelationId(),
                        candidate.getPaymentEventId()))
                .setConversionId(candidate.getConversionId())
                .setAffiliateId(candidate.getAffiliateId())
                .setReferredUserId(candidate.getReferredUserId())
                .setTransactionId(candidate.getTransactionId())
                .setFraudScore(score.score())
                .setThresholdScore(score.threshold())
                .setReasons(score.reasons())
                .build();
    }

    private AffiliateCommissionEarned earned(ConversionCandidate candidate, CommissionSplit.Share share,
            CommissionStatus status) {
        String commissionId = AffiliateIds.commissionId(candidate.getConversionId(), share.tier());
        return AffiliateCommissionEarned.newBuilder()
                .setMetadata(AffiliateIds.metadata("commission-earned", commissionId, candidate.getPaidAt(),
                        candidate.getCorrelationId(), candidate.getPaymentEventId()))
                .setCommissionId(commissionId)
                .setAffiliateId(share.affiliateId())
                .setConvertingAffiliateId(candidate.getAffiliateId())
                .setConversionId(candidate.getConversionId())
                .setTransactionId(candidate.getTransactionId())
                .setTier(share.tier())
                .setBaseRateBasisPoints(share.baseRateBasisPoints())
                .setLevelBonusBasisPoints(share.levelBonusBasisPoints())
                .setAffiliateLevel(share.level())
                .setRateBasisPoints(share.rateBasisPoints())
                .setRevenue(candidate.getRevenue())
                .setAmount(new Money(share.amountMinor(), candidate.getRevenue().getCurrency()))
                .setStatus(status)
                .setHoldUntil(candidate.getPaidAt().plus(settings.commissions().holdPeriod()))
                .build();
    }

    private void forward(String key, SpecificRecord value, Instant at) {
        context.forward(new Record<>(key, value, at.toEpochMilli()));
    }
}
