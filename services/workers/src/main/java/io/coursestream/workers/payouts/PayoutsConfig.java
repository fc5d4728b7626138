package io.coursestream.workers.payouts;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The payout settings ({@code coursestream.payouts.*}); application.properties explains each. */
@ConfigMapping(prefix = "coursestream.payouts")
public interface PayoutsConfig {

    /** Stripe, which executes STRIPE payouts as transfers to the affiliates' connected accounts. */
    StripeSettings stripe();

    /** How the workers reach Stripe. */
    interface StripeSettings {

        /**
         * The platform's secret key ({@code sk_live_...}, {@code sk_test_...}), from the environment. Absent, the
         * workers start, but every STRIPE payout fails fatally (dead-lettered with an admin alert).
         */
        Optional<String> apiKey();

        /** Where Stripe's API is: Stripe itself, or a local server that speaks its API (tests, the local stack). */
        @WithDefault("https://api.stripe.com")
        URI apiBase();

        /** Longest the TCP (and TLS) connection may take. */
        @WithDefault("PT10S")
        Duration connectTimeout();

        /** Longest Stripe may take to answer once connected. */
        @WithDefault("PT30S")
        Duration readTimeout();

        /**
         * Retries the Stripe SDK makes itself within one attempt (connection errors, 409, 5xx), with the same
         * idempotency key. 0: the job runtime alone retries (see {@link StripePayoutProvider}).
         */
        @WithDefault("0")
        int maxNetworkRetries();
    }
}
