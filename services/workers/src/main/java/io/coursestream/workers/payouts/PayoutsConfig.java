package io.coursestream.workers.payouts;


import io.coursestream.workers.stripe.StripeSettings;
import io.smallrye.config.ConfigMapping;

/** The payout settings ({@code coursestream.payouts.*}); application.properties explains each. */
@ConfigMapping(prefix = "coursestream.payouts")
public interface PayoutsConfig {

    /** Stripe, which executes STRIPE payouts as transfers to the affiliates' connected accounts. */
    StripeSettings stripe();

}
