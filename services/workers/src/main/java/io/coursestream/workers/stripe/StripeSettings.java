package io.coursestream.workers.stripe;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.WithDefault;

/**
 * How the workers reach Stripe: a configuration group of {@code coursestream.payments.stripe.*} (PaymentIntents) and
 * {@code coursestream.payouts.stripe.*} (transfers), so each can have its own key.
 */
public interface StripeSettings {

    /**
     * The platform's secret key ({@code sk_live_...}, {@code sk_test_...}), from the environment. Absent, the workers
     * start, but every job that needs Stripe fails fatally (dead-lettered with an admin alert).
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
     * Retries the Stripe SDK makes itself within one attempt (connection errors, 409, 5xx), with the same idempotency
     * key. 0: the job runtime alone retries, with its backoff, visible in {@code jobs.lifecycle}.
     */
    @WithDefault("0")
    int maxNetworkRetries();
}
