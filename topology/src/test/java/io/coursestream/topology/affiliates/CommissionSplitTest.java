// Tier: unit (pure rules, no Kafka).
package io.coursestream.topology.affiliates;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SortedMap;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;

/** The split of a revenue over the tiers and the reversal of refunds: never a minor unit created or lost. */
class CommissionSplitTest {

    private static final AffiliateSettings DEFAULTS = AffiliateSettings.DEFAULTS;

    @Test
    void shouldGiveEachTierItsRate() {
        // when
        List<CommissionSplit.Share> shares = CommissionSplit.split(10_000, earners(3, null), DEFAULTS);

        // then
        assertThat(shares).extracting(CommissionSplit.Share::amountMinor).containsExactly(2_000L, 500L, 200L);
        assertThat(shares).extracting(CommissionSplit.Share::rateBasisPoints).containsExactly(2000, 500, 200);
    }

    @Test
    void shouldRoundTheTotalHalfEvenAndGiveTheRemainderToTheLargestFractions() {
        // given 1.25 total on one tier of 50%: 0.625 -> half-even would be 0.62, and it is one tier
        AffiliateSettings half = withCommissions(List.of(5000), new TreeMap<>());

        // then
        assertThat(CommissionSplit.split(125, earners(1, null), half)).extracting(CommissionSplit.Share::amountMinor)
                .containsExactly(62L);
        assertThat(CommissionSplit.split(135, earners(1, null), half)).extracting(CommissionSplit.Share::amountMinor)
                .containsExactly(68L);
        // 9.99: 1.998 + 0.4995 + 0.1998 = 2.6973 -> 2.70, floors 1.99 + 0.49 + 0.19, three cents to the three tiers
        assertThat(CommissionSplit.split(999, earners(3, null), DEFAULTS))
                .extracting(CommissionSplit.Share::amountMinor).containsExactly(200L, 50L, 20L);
        // 7 cents: 1.4 + 0.35 + 0.14 = 1.89 -> 2, floors 1 + 0 + 0: the cent goes to the largest remainder (tier 1)
        assertThat(CommissionSplit.split(7, earners(3, null), DEFAULTS))
                .extracting(CommissionSplit.Share::amountMinor).containsExactly(2L, 0L, 0L);
        // 3 cents: 0.6 + 0.15 + 0.06 = 0.81 -> 1, floors 0: the cent goes to tier 1 (remainder 0.6)
        assertThat(CommissionSplit.split(3, earners(3, null), DEFAULTS))
                .extracting(CommissionSplit.Share::amountMinor).containsExactly(1L, 0L, 0L);
        // equal remainders go to the lower tier: two tiers of 25% of 2 cents, 0.5 + 0.5 = 1
        AffiliateSettings quarters = withCommissions(List.of(2500, 2500), new TreeMap<>());
        assertThat(CommissionSplit.split(2, earners(2, null), quarters))
                .extracting(CommissionSplit.Share::amountMinor).containsExactly(1L, 0L);
    }

    @Test
    void shouldApplyTheHighestLevelBonusReachedToEachTier() {
        // when: levels 4, 5, 11 against {5: 100, 10: 250}
        List<CommissionSplit.Share> shares = CommissionSplit.split(10_000, List.of(
                new CommissionSplit.Earner(1, "a", 4), new CommissionSplit.Earner(2, "b", 5),
                new CommissionSplit.Earner(3, "c", 11)), DEFAULTS);

        // then
        assertThat(shares).extracting(CommissionSplit.Share::levelBonusBasisPoints).containsExactly(0, 100, 250);
        assertThat(shares).extracting(CommissionSplit.Share::amountMinor).containsExactly(2_000L, 600L, 450L);
    }

    @Test
    void shouldNeverCreateOrLoseAMinorUnitOverManyAmountsAndRates() {
        Random random = new Random(20_260_302L);
        for (int run = 0; run < 20_000; run++) {
            // given random rates and levels
            int tiers = 1 + random.nextInt(5);
            List<Integer> rates = new ArrayList<>();
            for (int tier = 0; tier < tiers; tier++) {
                rates.add(random.nextInt(1_500));
            }
            AffiliateSettings settings = withCommissions(rates,
                    new TreeMap<>(Map.of(3, random.nextInt(200), 7, random.nextInt(300))));
            List<CommissionSplit.Earner> earners = new ArrayList<>();
            for (int tier = 1; tier <= tiers; tier++) {
                earners.add(new CommissionSplit.Earner(tier, "a" + tier, random.nextBoolean() ? null : random.nextInt(10)));
            }
            long revenue = random.nextInt(4) == 0 ? random.nextInt(100) : (long) (random.nextDouble() * 10_000_000L);

            // when
            List<CommissionSplit.Share> shares = CommissionSplit.split(revenue, earners, settings);

            // then the tiers add up to the total rounded once, each within a minor unit of its exact share
            BigDecimal exactTotal = BigDecimal.ZERO;
            for (CommissionSplit.Share share : shares) {
                BigDecimal exact = BigDecimal.valueOf(revenue).multiply(BigDecimal.valueOf(share.rateBasisPoints()))
                        .divide(BigDecimal.valueOf(10_000));
                exactTotal = exactTotal.add(exact);
                assertThat(BigDecimal.valueOf(share.amountMinor()).subtract(exact).abs())
                        .isLessThan(BigDecimal.ONE);
                assertThat(share.amountMinor()).isNotNegative();
            }
            long sum = shares.stream().mapToLong(CommissionSplit.Share::amountMinor).sum();
            assertThat(sum).as("run %d: %d at %s", run, revenue, rates)
                    .isEqualTo(exactTotal.setScale(0, RoundingMode.HALF_EVEN).longValueExact());

            // and refunds in random parts reverse each tier exactly, never more, never going back
            long refunded = 0;
            List<Long> reversed = new ArrayList<>(shares.stream().map(share -> 0L).toList());
            while (refunded < revenue) {
                refunded = Math.min(revenue, refunded + 1 + (long) (random.nextDouble() * revenue / 2));
                for (int i = 0; i < shares.size(); i++) {
                    long target = CommissionSplit.reversedShare(shares.get(i).amountMinor(), refunded, revenue);
                    assertThat(target).isBetween(reversed.get(i), shares.get(i).amountMinor());
                    reversed.set(i, target);
                }
            }
            for (int i = 0; i < shares.size(); i++) {
                assertThat(reversed.get(i)).isEqualTo(shares.get(i).amountMinor());
            }
        }
    }

    @Test
    void shouldRejectANegativeRevenue() {
        assertThatThrownBy(() -> CommissionSplit.split(-1, earners(1, null), DEFAULTS))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static List<CommissionSplit.Earner> earners(int tiers, Integer level) {
        List<CommissionSplit.Earner> earners = new ArrayList<>();
        for (int tier = 1; tier <= tiers; tier++) {
            earners.add(new CommissionSplit.Earner(tier, "affiliate-" + tier, level));
        }
        return earners;
    }

    /** The defaults with these tier rates and level bonuses. */
    private static AffiliateSettings withCommissions(List<Integer> rates, SortedMap<Integer, Integer> bonuses) {
        return DEFAULTS.withCommissions(new AffiliateSettings.Commissions(rates, bonuses,
                DEFAULTS.commissions().holdPeriod()));
    }
}
