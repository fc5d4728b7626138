package io.coursestream.processor.affiliates;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Currency;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

import io.coursestream.schemas.affiliates.AffiliateDailyStats;
import io.coursestream.schemas.affiliates.AffiliateProfile;
import io.coursestream.schemas.affiliates.AffiliateStats;

/**
 * One affiliate's dashboard as {@code /api/affiliates/{id}/dashboard} answers it: the store's {@link AffiliateStats}
 * in plain JSON. Money is per ISO 4217 currency, as a decimal string in the currency's own minor digits ({@code
 * "12.34"} EUR, {@code "1200"} JPY, {@code "1.250"} BHD), so no client parses an amount into a float.
 *
 * @param sponsorId             the affiliate's own sponsor, their tier-2 upline, as the commission split on the
 *                              answering instance sees it (the global profile store); null when they joined
 *                              unreferred or their profile has not reached this instance yet
 * @param level                 the affiliate's points level as the split sees it (it sets their level bonus); null
 *                              before their first level change
 * @param conversionRatePercent conversions per click in percent, two decimals ({@code "2.50"}); {@code "0.00"} without
 *                              clicks
 * @param commissions           per status: pending (in the hold period), heldForReview (flagged), approved (not yet
 *                              paid), paid, reversed (refunds and declines)
 * @param carryOver             reversals after approval still to be deducted from the next payout
 */
public record AffiliateDashboardView(String affiliateId, String sponsorId, Integer level, long clicks, long signups,
        long conversions, long flaggedConversions, String conversionRatePercent, Map<String, String> revenue,
        Commissions commissions, Map<String, String> carryOver, List<Day> daily, Instant updatedAt) {

    /** Commission totals per status and currency. */
    public record Commissions(Map<String, String> pending, Map<String, String> heldForReview,
            Map<String, String> approved, Map<String, String> paid, Map<String, String> reversed) {
    }

    /** One UTC day of the series, oldest first. */
    public record Day(LocalDate date, long clicks, long signups, long conversions, Map<String, String> revenue,
            Map<String, String> commissionsEarned) {

        static Day of(AffiliateDailyStats day) {
            return new Day(day.getDate(), day.getClickCount(), day.getSignupCount(), day.getConversionCount(),
                    amounts(day.getRevenue()), amounts(day.getCommissionsEarned()));
        }
    }

    /** The dashboard of {@code stats}, with the upline of {@code profile} (null when there is none). */
    public static AffiliateDashboardView of(AffiliateStats stats, AffiliateProfile profile) {
        return new AffiliateDashboardView(stats.getAffiliateId(), profile == null ? null : profile.getSponsorId(),
                profile == null ? null : profile.getLevel(), stats.getClickCount(), stats.getSignupCount(),
                stats.getConversionCount(), stats.getFlaggedConversionCount(),
                BigDecimal.valueOf(stats.getConversionRateBasisPoints(), 2).toPlainString(),
                amounts(stats.getRevenue()),
                new Commissions(amounts(stats.getCommissionsPending()), amounts(stats.getCommissionsHeldForReview()),
                        amounts(stats.getCommissionsApproved()), amounts(stats.getCommissionsPaid()),
                        amounts(stats.getCommissionsReversed())),
                amounts(stats.getCarryOver()), stats.getDaily().stream().map(Day::of).toList(), stats.getUpdatedAt());
    }

    /** Minor units per currency code as decimal strings, sorted by code. */
    static SortedMap<String, String> amounts(Map<? extends CharSequence, Long> minorUnits) {
        SortedMap<String, String> amounts = new TreeMap<>();
        minorUnits.forEach((code, minor) -> amounts.put(code.toString(), decimal(code.toString(), minor)));
        return amounts;
    }

    static String decimal(String currency, long minorUnits) {
        int digits = Math.max(0, Currency.getInstance(currency).getDefaultFractionDigits());
        return BigDecimal.valueOf(minorUnits, digits).toPlainString();
    }
}
