package io.coursestream.topology.affiliates;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

import io.coursestream.schemas.affiliates.AttributionModel;
import io.coursestream.schemas.topics.Topics;

/**
 * What the affiliate topology is configured with (the processor's {@code coursestream.affiliates.*}).
 *
 * <p>LAST_TOUCH is the default model: the affiliate whose link or code the user followed last, inside the window, is
 * the one who made the sale, and an affiliate cannot keep a user's future purchases by a stale first click; FIRST_TOUCH
 * rewards the affiliate who found the user. Rates are basis points (2000 = 20%) of the payment's gross amount, one per
 * tier. Fraud weights are points of a score out of 100 (capped); a conversion scoring at least
 * {@link Fraud#threshold()} is held for review. The IP rule weighs little by default because households and offices
 * share an address; a shared e-mail or the affiliate buying through their own link is decisive.
 *
 * @param attribution     how touches credit affiliates
 * @param commissions     what each tier earns and how long it is held
 * @param fraud           the fraud score: weights, threshold and the velocity rule
 * @param payouts         when an affiliate's approved balance becomes a payout
 * @param dailySeriesDays days in the statistics' daily series
 * @param partitions      partitions of the user-keyed topics and of the topology's repartition topics: the multicast
 *                        commands reach each of that many tasks. {@link Topics#PARTITIONS} on a broker; a
 *                        TopologyTestDriver runs one task, so tests pass 1
 */
public record AffiliateSettings(Attribution attribution, Commissions commissions, Fraud fraud, Payouts payouts,
        int dailySeriesDays, int partitions) {

    public static final AffiliateSettings DEFAULTS = new AffiliateSettings(Attribution.DEFAULTS, Commissions.DEFAULTS,
            Fraud.DEFAULTS, Payouts.DEFAULTS, 90, Topics.PARTITIONS);

    public AffiliateSettings {
        Objects.requireNonNull(attribution, "attribution");
        Objects.requireNonNull(commissions, "commissions");
        Objects.requireNonNull(fraud, "fraud");
        Objects.requireNonNull(payouts, "payouts");
        if (dailySeriesDays < 1 || partitions < 1) {
            throw new IllegalArgumentException("dailySeriesDays and partitions must be at least 1");
        }
    }

    public AffiliateSettings withAttribution(Attribution value) {
        return new AffiliateSettings(value, commissions, fraud, payouts, dailySeriesDays, partitions);
    }

    public AffiliateSettings withCommissions(Commissions value) {
        return new AffiliateSettings(attribution, value, fraud, payouts, dailySeriesDays, partitions);
    }

    public AffiliateSettings withFraud(Fraud value) {
        return new AffiliateSettings(attribution, commissions, value, payouts, dailySeriesDays, partitions);
    }

    public AffiliateSettings withPayouts(Payouts value) {
        return new AffiliateSettings(attribution, commissions, fraud, value, dailySeriesDays, partitions);
    }

    public AffiliateSettings withDailySeriesDays(int value) {
        return new AffiliateSettings(attribution, commissions, fraud, payouts, value, partitions);
    }

    public AffiliateSettings withPartitions(int value) {
        return new AffiliateSettings(attribution, commissions, fraud, payouts, dailySeriesDays, value);
    }

    /**
     * How touches credit affiliates.
     *
     * @param window     how long, in event time, a referral touch credits its affiliate
     * @param model      FIRST_TOUCH or LAST_TOUCH: which touch inside the window gets the conversion, and the sponsor
     *                   at sign-up
     * @param maxTouches touches kept per referred user; the oldest go first
     */
    public record Attribution(Duration window, AttributionModel model, int maxTouches) {

        public static final Attribution DEFAULTS = new Attribution(Duration.ofDays(60), AttributionModel.LAST_TOUCH,
                20);

        public Attribution {
            Durations.positive(window, "attributionWindow");
            Objects.requireNonNull(model, "attributionModel");
            if (model == AttributionModel.UNKNOWN) {
                throw new IllegalArgumentException("the attribution model must be FIRST_TOUCH or LAST_TOUCH");
            }
            if (maxTouches < 1) {
                throw new IllegalArgumentException("maxTouches must be at least 1");
            }
        }

        public Attribution withWindow(Duration value) {
            return new Attribution(value, model, maxTouches);
        }

        public Attribution withModel(AttributionModel value) {
            return new Attribution(window, value, maxTouches);
        }

        public Attribution withMaxTouches(int value) {
            return new Attribution(window, model, value);
        }
    }

    /**
     * What each tier earns and how long it is held.
     *
     * @param tierRatesBasisPoints  commission rate of tier 1, 2, 3, ...; its size is the number of tiers
     * @param levelBonusBasisPoints "points level at least L" to the extra rate in basis points each tier's affiliate
     *                              earns at that level (the highest L reached applies, bonuses do not add up)
     * @param holdPeriod            how long after the payment a commission is held before it is approved (event time)
     */
    public record Commissions(List<Integer> tierRatesBasisPoints, SortedMap<Integer, Integer> levelBonusBasisPoints,
            Duration holdPeriod) {

        public static final Commissions DEFAULTS = new Commissions(List.of(2000, 500, 200),
                new TreeMap<>(Map.of(5, 100, 10, 250)), Duration.ofDays(30));

        private static final int BASIS_POINTS = 10_000;

        public Commissions {
            Objects.requireNonNull(holdPeriod, "holdPeriod");
            if (holdPeriod.isNegative()) {
                throw new IllegalArgumentException("the hold period may be 0 but not negative, got " + holdPeriod);
            }
            tierRatesBasisPoints = List.copyOf(Objects.requireNonNull(tierRatesBasisPoints, "tierRatesBasisPoints"));
            if (tierRatesBasisPoints.isEmpty()) {
                throw new IllegalArgumentException("at least one tier rate is needed");
            }
            levelBonusBasisPoints = Collections.unmodifiableSortedMap(
                    new TreeMap<>(Objects.requireNonNull(levelBonusBasisPoints, "levelBonusBasisPoints")));
            levelBonusBasisPoints.forEach((level, bonus) -> {
                if (level < 1 || bonus < 0) {
                    throw new IllegalArgumentException("level bonuses need a level >= 1 and a bonus >= 0, got "
                            + level + " -> " + bonus);
                }
            });
            int maxBonus = levelBonusBasisPoints.values().stream().mapToInt(Integer::intValue).max().orElse(0);
            int total = 0;
            for (int rate : tierRatesBasisPoints) {
                if (rate < 0) {
                    throw new IllegalArgumentException("tier rates must not be negative, got " + tierRatesBasisPoints);
                }
                total += rate + maxBonus;
            }
            if (total > BASIS_POINTS) {
                throw new IllegalArgumentException("tier rates with the highest level bonus exceed 100% of the"
                        + " revenue: " + total + " basis points");
            }
        }

        /** Number of tiers a conversion pays: the size of {@link #tierRatesBasisPoints()}. */
        public int tiers() {
            return tierRatesBasisPoints.size();
        }

        /** Base rate of a tier (from 1). */
        public int rateOfTier(int tier) {
            return tierRatesBasisPoints.get(tier - 1);
        }

        /** The level bonus of an affiliate at {@code level}: the bonus of the highest threshold reached; 0 if none. */
        public int levelBonusFor(Integer level) {
            if (level == null) {
                return 0;
            }
            SortedMap<Integer, Integer> reached = levelBonusBasisPoints.headMap(level + 1);
            return reached.isEmpty() ? 0 : reached.get(reached.lastKey());
        }

        public Commissions withTierRatesBasisPoints(List<Integer> value) {
            return new Commissions(value, levelBonusBasisPoints, holdPeriod);
        }

        public Commissions withLevelBonusBasisPoints(SortedMap<Integer, Integer> value) {
            return new Commissions(tierRatesBasisPoints, value, holdPeriod);
        }

        public Commissions withHoldPeriod(Duration value) {
            return new Commissions(tierRatesBasisPoints, levelBonusBasisPoints, value);
        }
    }

    /**
     * The fraud score: weights (0-100 each), threshold and the velocity rule.
     *
     * @param threshold                score (1-100) at or above which a conversion is flagged and held for review
     * @param selfReferralUserWeight   weight of "the buyer is the credited affiliate"
     * @param selfReferralEmailWeight  weight of "the buyer's e-mail is the affiliate's" (case-insensitive)
     * @param selfReferralIpWeight     weight of "the buyer registered or clicked from the affiliate's registration IP"
     * @param selfReferralDeviceWeight weight of "the buyer used the affiliate's registration device"
     * @param velocityWeight           weight of each velocity rule (one IP, one device)
     * @param duplicateWeight          score of a duplicate transaction (always flagged, never earns)
     * @param velocityMaxConversions   conversions of one affiliate from one IP or one device allowed in the velocity
     *                                 window; one more is suspicious
     * @param velocityWindow           the velocity window, in event time
     */
    public record Fraud(int threshold, int selfReferralUserWeight, int selfReferralEmailWeight,
            int selfReferralIpWeight, int selfReferralDeviceWeight, int velocityWeight, int duplicateWeight,
            int velocityMaxConversions, Duration velocityWindow) {

        public static final Fraud DEFAULTS = new Fraud(50, 100, 100, 30, 60, 50, 100, 3, Duration.ofHours(24));

        public Fraud {
            Durations.positive(velocityWindow, "velocityWindow");
            if (velocityMaxConversions < 1) {
                throw new IllegalArgumentException("velocityMaxConversions must be at least 1");
            }
            if (threshold < 1 || threshold > 100) {
                throw new IllegalArgumentException("the fraud threshold is a score from 1 to 100, got " + threshold);
            }
            for (int weight : new int[] {selfReferralUserWeight, selfReferralEmailWeight, selfReferralIpWeight,
                    selfReferralDeviceWeight, velocityWeight, duplicateWeight}) {
                if (weight < 0 || weight > 100) {
                    throw new IllegalArgumentException("fraud weights are scores from 0 to 100, got " + weight);
                }
            }
        }

        public Fraud withThreshold(int value) {
            return new Fraud(value, selfReferralUserWeight, selfReferralEmailWeight, selfReferralIpWeight,
                    selfReferralDeviceWeight, velocityWeight, duplicateWeight, velocityMaxConversions, velocityWindow);
        }

        /** The six weights at once: user, e-mail, IP, device, velocity, duplicate. */
        public Fraud withWeights(int user, int email, int ip, int device, int velocity, int duplicate) {
            return new Fraud(threshold, user, email, ip, device, velocity, duplicate, velocityMaxConversions,
                    velocityWindow);
        }

        public Fraud withVelocity(int maxConversions, Duration window) {
            return new Fraud(threshold, selfReferralUserWeight, selfReferralEmailWeight, selfReferralIpWeight,
                    selfReferralDeviceWeight, velocityWeight, duplicateWeight, maxConversions, window);
        }
    }

    /**
     * When an affiliate's approved balance becomes a payout.
     *
     * @param threshold          smallest payout, in major units of every currency (50 = 50.00 EUR, 50 JPY, 50.000 BHD)
     * @param minActiveCustomers distinct referred buyers with a tier-1 conversion that is neither declined nor fully
     *                           refunded an affiliate needs before any payout
     * @param interval           wall-clock interval of the scheduled payout run
     */
    public record Payouts(BigDecimal threshold, int minActiveCustomers, Duration interval) {

        public static final Payouts DEFAULTS = new Payouts(new BigDecimal("50.00"), 3, Duration.ofDays(1));

        public Payouts {
            Durations.positive(interval, "payoutInterval");
            if (minActiveCustomers < 0) {
                throw new IllegalArgumentException("minActiveCustomers must be at least 0");
            }
            Objects.requireNonNull(threshold, "payoutThreshold");
            if (threshold.signum() <= 0) {
                throw new IllegalArgumentException("the payout threshold must be positive, got " + threshold);
            }
        }

        public Payouts withThreshold(BigDecimal value) {
            return new Payouts(value, minActiveCustomers, interval);
        }

        public Payouts withMinActiveCustomers(int value) {
            return new Payouts(threshold, value, interval);
        }

        public Payouts withInterval(Duration value) {
            return new Payouts(threshold, minActiveCustomers, value);
        }
    }

    /**
     * The nested records' shared check. It is a class of its own, not a static method of AffiliateSettings: calling
     * one would initialise AffiliateSettings, whose DEFAULTS would then read a nested DEFAULTS still being built (null)
     * when code touches, say, {@code Attribution.DEFAULTS} first.
     */
    private static final class Durations {

        private Durations() {
        }

        static void positive(Duration duration, String name) {
            Objects.requireNonNull(duration, name);
            if (duration.isNegative() || duration.isZero()) {
                throw new IllegalArgumentException(name + " must be positive, got " + duration);
            }
        }
    }
}
