package io.coursestream.topology.affiliates;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * How a conversion's revenue is split over the tiers, in minor units, without Kafka.
 *
 * <p>Tier {@code i} earns {@code revenue * (base rate of i + level bonus of its affiliate) / 10000}. The total of
 * those exact shares is rounded once, half-even (banker's rounding: no bias up or down over many conversions), to
 * minor units; the tiers then get their shares rounded down plus one minor unit each for the largest remainders
 * (ties to the lower tier) until they add up to the rounded total exactly. So the tiers never create or lose a minor
 * unit against the one rounding of the total.
 *
 * <p>Refunds reverse each tier in proportion to the cumulative refunded share of the revenue, rounded half-even per
 * tier ({@link #reversedShare}): a function of the cumulative refund that never decreases and equals the tier's
 * whole commission once the payment is refunded in full, so successive partial refunds neither over- nor
 * under-reverse.
 */
final class CommissionSplit {

    private static final BigDecimal BASIS_POINTS = BigDecimal.valueOf(10_000);

    /** One tier's earner as the chain of sponsors gives it. */
    record Earner(int tier, String affiliateId, Integer level) {
    }

    /** One tier's commission. */
    record Share(int tier, String affiliateId, Integer level, int baseRateBasisPoints, int levelBonusBasisPoints,
            long amountMinor) {

        int rateBasisPoints() {
            return baseRateBasisPoints + levelBonusBasisPoints;
        }
    }

    private CommissionSplit() {
    }

    /** The shares of {@code earners} (tier 1 first) of {@code revenueMinor} (not negative). */
    static List<Share> split(long revenueMinor, List<Earner> earners, AffiliateSettings settings) {
        if (revenueMinor < 0) {
            throw new IllegalArgumentException("revenue must not be negative, got " + revenueMinor);
        }
        BigDecimal revenue = BigDecimal.valueOf(revenueMinor);
        List<BigDecimal> exact = new ArrayList<>();
        List<Share> floors = new ArrayList<>();
        BigDecimal total = BigDecimal.ZERO;
        long floored = 0;
        for (Earner earner : earners) {
            int base = settings.commissions().rateOfTier(earner.tier());
            int bonus = settings.commissions().levelBonusFor(earner.level());
            BigDecimal share = revenue.multiply(BigDecimal.valueOf(base + bonus)).divide(BASIS_POINTS);
            long floor = share.setScale(0, RoundingMode.FLOOR).longValueExact();
            exact.add(share);
            total = total.add(share);
            floored += floor;
            floors.add(new Share(earner.tier(), earner.affiliateId(), earner.level(), base, bonus, floor));
        }
        long rounded = total.setScale(0, RoundingMode.HALF_EVEN).longValueExact();
        long missing = rounded - floored;
        List<Integer> byRemainder = new ArrayList<>();
        for (int i = 0; i < floors.size(); i++) {
            byRemainder.add(i);
        }
        byRemainder.sort(Comparator.<Integer, BigDecimal>comparing(
                i -> exact.get(i).subtract(BigDecimal.valueOf(floors.get(i).amountMinor()))).reversed()
                .thenComparing(i -> i));
        List<Share> shares = new ArrayList<>(floors);
        for (int k = 0; k < missing; k++) {
            int i = byRemainder.get(k);
            Share share = shares.get(i);
            shares.set(i, new Share(share.tier(), share.affiliateId(), share.level(), share.baseRateBasisPoints(),
                    share.levelBonusBasisPoints(), share.amountMinor() + 1));
        }
        return List.copyOf(shares);
    }

    /**
     * What is to have been reversed in total of a commission of {@code amountMinor} once {@code refundedMinor} of the
     * {@code revenueMinor} was refunded: {@code amount * refunded / revenue}, rounded half-even.
     */
    static long reversedShare(long amountMinor, long refundedMinor, long revenueMinor) {
        if (revenueMinor <= 0 || refundedMinor >= revenueMinor) {
            return amountMinor;
        }
        if (refundedMinor <= 0) {
            return 0;
        }
        return BigDecimal.valueOf(amountMinor).multiply(BigDecimal.valueOf(refundedMinor))
                .divide(BigDecimal.valueOf(revenueMinor), 0, RoundingMode.HALF_EVEN).longValueExact();
    }
}
