package io.coursestream.processor.affiliates;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.coursestream.schemas.affiliates.AttributionModel;
import io.coursestream.topology.affiliates.AffiliateSettings;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * {@code coursestream.affiliates.*}: attribution, commission tiers, fraud rules, hold period and payouts of the
 * affiliate program. The defaults are {@link AffiliateSettings#DEFAULTS}; application.properties writes them out.
 */
@ConfigMapping(prefix = "coursestream.affiliates")
public interface AffiliatesConfig {

    Attribution attribution();

    Commissions commissions();

    Fraud fraud();

    Payouts payouts();

    /** Days in the daily series of every affiliate's statistics. */
    @WithDefault("90")
    int dailySeriesDays();

    /** {@code coursestream.affiliates.attribution.*}: which referral touch gets a conversion. */
    interface Attribution {

        /** How long, in event time, a click, completed referral or registration code credits its affiliate. */
        @WithDefault("P60D")
        Duration window();

        /** FIRST_TOUCH or LAST_TOUCH among the touches inside the window. */
        @WithDefault("LAST_TOUCH")
        AttributionModel model();

        /** Touches kept per referred user; the oldest go first. */
        @WithDefault("20")
        int maxTouches();
    }

    /** {@code coursestream.affiliates.commissions.*}: what each tier earns and how long it is held. */
    interface Commissions {

        /** Rate of tier 1, 2, 3, ... in basis points of the payment (2000 = 20%); the list's length is the tiers. */
        @WithDefault("2000,500,200")
        List<Integer> tierRatesBasisPoints();

        /**
         * Extra basis points by the earning affiliate's points level: {@code level-bonus-basis-points."5"=100} gives
         * affiliates at level 5 or above 100 more; the highest level reached applies.
         */
        Map<Integer, Integer> levelBonusBasisPoints();

        /** How long after the payment (event time) a commission is held before it is approved. */
        @WithDefault("P30D")
        Duration holdPeriod();
    }

    /** {@code coursestream.affiliates.fraud.*}: the score a conversion is held for review at. */
    interface Fraud {

        /** Score (1-100) at or above which a conversion is flagged and its commissions held for review. */
        @WithDefault("50")
        int threshold();

        /** Weight of: the buyer is the affiliate. */
        @WithDefault("100")
        int selfReferralUserWeight();

        /** Weight of: the buyer's e-mail is the affiliate's. */
        @WithDefault("100")
        int selfReferralEmailWeight();

        /** Weight of: the buyer came from the affiliate's registration IP (households share addresses: low). */
        @WithDefault("30")
        int selfReferralIpWeight();

        /** Weight of: the buyer used the affiliate's registration device. */
        @WithDefault("60")
        int selfReferralDeviceWeight();

        /** Weight of each velocity rule (one IP, one device). */
        @WithDefault("50")
        int velocityWeight();

        /** Score of a second payment event for a transaction already converted. */
        @WithDefault("100")
        int duplicateWeight();

        /** Conversions of one affiliate from one IP or device allowed in the velocity window. */
        @WithDefault("3")
        int velocityMaxConversions();

        @WithDefault("PT24H")
        Duration velocityWindow();
    }

    /** {@code coursestream.affiliates.payouts.*}: when an approved balance becomes a payout. */
    interface Payouts {

        /** Smallest payout in major units of any currency (50 = 50.00 EUR, 50 JPY). */
        @WithDefault("50.00")
        BigDecimal threshold();

        /** Distinct paying referred customers an affiliate needs before any payout. */
        @WithDefault("3")
        int minActiveCustomers();

        /** Wall-clock interval of the scheduled payout run (ProcessCommissions). */
        @WithDefault("P1D")
        Duration interval();
    }

    /**
     * These settings for the affiliate topology.
     *
     * @throws IllegalArgumentException for an invalid value, naming the prefix
     */
    default AffiliateSettings settings() {
        try {
            Fraud fraud = fraud();
            return AffiliateSettings.DEFAULTS
                    .withAttribution(new AffiliateSettings.Attribution(attribution().window(), attribution().model(),
                            attribution().maxTouches()))
                    .withCommissions(new AffiliateSettings.Commissions(commissions().tierRatesBasisPoints(),
                            new TreeMap<>(commissions().levelBonusBasisPoints()), commissions().holdPeriod()))
                    .withFraud(new AffiliateSettings.Fraud(fraud.threshold(), fraud.selfReferralUserWeight(),
                            fraud.selfReferralEmailWeight(), fraud.selfReferralIpWeight(),
                            fraud.selfReferralDeviceWeight(), fraud.velocityWeight(), fraud.duplicateWeight(),
                            fraud.velocityMaxConversions(), fraud.velocityWindow()))
                    .withPayouts(new AffiliateSettings.Payouts(payouts().threshold(), payouts().minActiveCustomers(),
                            payouts().interval()))
                    .withDailySeriesDays(dailySeriesDays());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("coursestream.affiliates: " + e.getMessage(), e);
        }
    }
}
