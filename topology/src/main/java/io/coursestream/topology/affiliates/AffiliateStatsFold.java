package io.coursestream.topology.affiliates;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.avro.specific.SpecificRecord;

import io.coursestream.schemas.affiliates.AffiliateCommissionEarned;
import io.coursestream.schemas.affiliates.AffiliateDailyStats;
import io.coursestream.schemas.affiliates.AffiliateStats;
import io.coursestream.schemas.affiliates.CommissionApproved;
import io.coursestream.schemas.affiliates.CommissionDeclined;
import io.coursestream.schemas.affiliates.CommissionReversed;
import io.coursestream.schemas.affiliates.CommissionStatus;
import io.coursestream.schemas.affiliates.ConversionFlagged;
import io.coursestream.schemas.affiliates.ConversionTracked;
import io.coursestream.schemas.affiliates.PayoutCreated;
import io.coursestream.schemas.affiliates.ReferralClicked;
import io.coursestream.schemas.affiliates.SponsorFixed;
import io.coursestream.schemas.common.EventMetadata;
import io.coursestream.schemas.common.Money;

/**
 * An affiliate's dashboard numbers as a fold over their events, without Kafka: every number follows from the events
 * on {@code affiliates.affiliate-events} keyed by the affiliate, plus their distinct clicks
 * ({@code ReferralClicked} naming them, once per clickId) and signups (users whose sponsor was fixed to them, as
 * published on {@code affiliates.affiliate-profiles}). Money maps are per currency in minor units; a currency whose
 * sum is 0 is left out.
 *
 * <ul>
 *   <li>clicks, signups: +1 each; conversions: +1 per ConversionTracked, revenue + its revenue; flagged: +1 per
 *       ConversionFlagged (held conversions and rejected duplicate payments).</li>
 *   <li>conversion rate: conversions * 10000 / clicks, rounded down, 0 without clicks (a user who came with a typed
 *       code converts without a click, so it can exceed 10000).</li>
 *   <li>AffiliateCommissionEarned: + amount to pending or held for review (its status).</li>
 *   <li>CommissionApproved: - amount from pending or held (its previous status), + amount to approved.</li>
 *   <li>CommissionDeclined: - amount from held, + amount to reversed.</li>
 *   <li>CommissionReversed (negative amount): + |amount| to reversed; after approval + |amount| to carry-over, else
 *       - |amount| from pending or held (its previous status).</li>
 *   <li>PayoutCreated: - gross from approved, + gross to paid, - deducted from carry-over.</li>
 *   <li>daily (UTC days of the events' times): clicks, signups, conversions, revenue and commissions earned, for the
 *       last {@code days} days up to the latest day seen; an event older than that counts in the totals only.</li>
 * </ul>
 */
final class AffiliateStatsFold {

    private AffiliateStatsFold() {
    }

    static AffiliateStats empty(String affiliateId, Instant at) {
        return AffiliateStats.newBuilder()
                .setAffiliateId(affiliateId)
                .setClickCount(0).setSignupCount(0).setConversionCount(0).setFlaggedConversionCount(0)
                .setConversionRateBasisPoints(0)
                .setRevenue(Map.of()).setCommissionsPending(Map.of()).setCommissionsHeldForReview(Map.of())
                .setCommissionsApproved(Map.of()).setCommissionsPaid(Map.of()).setCommissionsReversed(Map.of())
                .setCarryOver(Map.of()).setDaily(List.of())
                .setUpdatedAt(at)
                .build();
    }

    /** Whether {@code event} changes an affiliate's statistics. */
    static boolean counts(SpecificRecord event) {
        return event instanceof ReferralClicked || event instanceof SponsorFixed || event instanceof ConversionTracked
                || event instanceof ConversionFlagged || event instanceof AffiliateCommissionEarned
                || event instanceof CommissionApproved || event instanceof CommissionDeclined
                || event instanceof CommissionReversed || event instanceof PayoutCreated;
    }

    /** {@code stats} (null for none yet) with {@code event} of the affiliate folded in. */
    static AffiliateStats apply(AffiliateStats stats, String affiliateId, SpecificRecord event, int days) {
        Instant at = timeOf(event);
        Folding fold = new Folding(stats == null ? empty(affiliateId, at) : stats);
        if (event instanceof ReferralClicked) {
            fold.clicks++;
            fold.day(at, days).clicks++;
        } else if (event instanceof SponsorFixed) {
            fold.signups++;
            fold.day(at, days).signups++;
        } else if (event instanceof ConversionTracked tracked) {
            fold.conversions++;
            add(fold.revenue, tracked.getRevenue());
            Day day = fold.day(at, days);
            day.conversions++;
            add(day.revenue, tracked.getRevenue());
        } else if (event instanceof ConversionFlagged) {
            fold.flagged++;
        } else if (event instanceof AffiliateCommissionEarned earned) {
            add(earned.getStatus() == CommissionStatus.HELD_FOR_REVIEW ? fold.held : fold.pending, earned.getAmount());
            add(fold.day(at, days).commissions, earned.getAmount());
        } else if (event instanceof CommissionApproved approved) {
            subtract(approved.getPreviousStatus() == CommissionStatus.HELD_FOR_REVIEW ? fold.held : fold.pending,
                    approved.getAmount());
            add(fold.approved, approved.getAmount());
        } else if (event instanceof CommissionDeclined declined) {
            subtract(fold.held, declined.getAmount());
            add(fold.reversed, declined.getAmount());
        } else if (event instanceof CommissionReversed reversed) {
            Money taken = negate(reversed.getAmount());
            add(fold.reversed, taken);
            if (reversed.getAfterApproval()) {
                add(fold.carryOver, taken);
            } else {
                subtract(reversed.getPreviousStatus() == CommissionStatus.HELD_FOR_REVIEW ? fold.held : fold.pending,
                        taken);
            }
        } else if (event instanceof PayoutCreated payout) {
            subtract(fold.approved, payout.getGrossAmount());
            add(fold.paid, payout.getGrossAmount());
            subtract(fold.carryOver, payout.getDeductedAmount());
        } else {
            return stats;
        }
        return fold.build(at);
    }

    static Instant timeOf(SpecificRecord event) {
        if (event instanceof SponsorFixed fixed) {
            return fixed.getFixedAt();
        }
        Object metadata = event.get(event.getSchema().getField("metadata").pos());
        return ((EventMetadata) metadata).getOccurredAt();
    }

    private static Money negate(Money money) {
        return new Money(-money.getAmountMinor(), money.getCurrency());
    }

    private static void add(Map<String, Long> sums, Money money) {
        sums.merge(money.getCurrency(), money.getAmountMinor(), Long::sum);
        if (sums.get(money.getCurrency()) == 0L) {
            sums.remove(money.getCurrency());
        }
    }

    private static void subtract(Map<String, Long> sums, Money money) {
        add(sums, negate(money));
    }

    /** One day of the series, mutable while folding. */
    private static final class Day {
        final LocalDate date;
        long clicks;
        long signups;
        long conversions;
        final Map<String, Long> revenue;
        final Map<String, Long> commissions;

        Day(AffiliateDailyStats day) {
            this.date = day.getDate();
            this.clicks = day.getClickCount();
            this.signups = day.getSignupCount();
            this.conversions = day.getConversionCount();
            this.revenue = new HashMap<>(day.getRevenue());
            this.commissions = new HashMap<>(day.getCommissionsEarned());
        }

        Day(LocalDate date) {
            this.date = date;
            this.revenue = new HashMap<>();
            this.commissions = new HashMap<>();
        }

        AffiliateDailyStats build() {
            return new AffiliateDailyStats(date, clicks, signups, conversions, Map.copyOf(revenue),
                    Map.copyOf(commissions));
        }
    }

    /** The statistics being changed by one event. */
    private static final class Folding {
        final AffiliateStats from;
        long clicks;
        long signups;
        long conversions;
        long flagged;
        final Map<String, Long> revenue;
        final Map<String, Long> pending;
        final Map<String, Long> held;
        final Map<String, Long> approved;
        final Map<String, Long> paid;
        final Map<String, Long> reversed;
        final Map<String, Long> carryOver;
        final List<Day> daily = new ArrayList<>();
        /** Where days nobody keeps go. */
        private final Day discarded = new Day(LocalDate.EPOCH);

        Folding(AffiliateStats from) {
            this.from = from;
            this.clicks = from.getClickCount();
            this.signups = from.getSignupCount();
            this.conversions = from.getConversionCount();
            this.flagged = from.getFlaggedConversionCount();
            this.revenue = new HashMap<>(from.getRevenue());
            this.pending = new HashMap<>(from.getCommissionsPending());
            this.held = new HashMap<>(from.getCommissionsHeldForReview());
            this.approved = new HashMap<>(from.getCommissionsApproved());
            this.paid = new HashMap<>(from.getCommissionsPaid());
            this.reversed = new HashMap<>(from.getCommissionsReversed());
            this.carryOver = new HashMap<>(from.getCarryOver());
            from.getDaily().forEach(day -> daily.add(new Day(day)));
        }

        /** The day of {@code at} in the series, the series trimmed to {@code days} days up to the latest. */
        Day day(Instant at, int days) {
            LocalDate date = LocalDate.ofInstant(at, ZoneOffset.UTC);
            LocalDate latest = daily.isEmpty() || date.isAfter(daily.get(daily.size() - 1).date) ? date
                    : daily.get(daily.size() - 1).date;
            LocalDate first = latest.minusDays(days - 1L);
            daily.removeIf(day -> day.date.isBefore(first));
            if (date.isBefore(first)) {
                return discarded;
            }
            int index = 0;
            while (index < daily.size() && daily.get(index).date.isBefore(date)) {
                index++;
            }
            if (index < daily.size() && daily.get(index).date.equals(date)) {
                return daily.get(index);
            }
            Day day = new Day(date);
            daily.add(index, day);
            return day;
        }

        AffiliateStats build(Instant at) {
            int rate = clicks == 0 ? 0 : (int) Math.min(Integer.MAX_VALUE, conversions * 10_000L / clicks);
            return AffiliateStats.newBuilder(from)
                    .setClickCount(clicks).setSignupCount(signups).setConversionCount(conversions)
                    .setFlaggedConversionCount(flagged).setConversionRateBasisPoints(rate)
                    .setRevenue(Map.copyOf(revenue)).setCommissionsPending(Map.copyOf(pending))
                    .setCommissionsHeldForReview(Map.copyOf(held)).setCommissionsApproved(Map.copyOf(approved))
                    .setCommissionsPaid(Map.copyOf(paid)).setCommissionsReversed(Map.copyOf(reversed))
                    .setCarryOver(Map.copyOf(carryOver))
                    .setDaily(daily.stream().map(Day::build).toList())
                    .setUpdatedAt(at)
                    .build();
        }
    }
}
