package io.coursestream.workers.payments;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;

import io.coursestream.workers.stripe.StripeSettings;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The payment settings ({@code coursestream.payments.*}); application.properties explains each. */
@ConfigMapping(prefix = "coursestream.payments")
public interface PaymentsConfig {

    /** Where a provider returns the buyer after an action when the job names no {@code returnUrl}. */
    URI returnUrl();

    /** Stripe, which charges STRIPE payments as PaymentIntents. */
    StripeSettings stripe();

    /** Binance Pay, which charges BINANCE_PAY payments as orders the buyer pays in the Binance app. */
    BinanceSettings binance();


    /** How the workers reach Binance Pay. */
    interface BinanceSettings {

        /**
         * The merchant's API key (sent as {@code BinancePay-Certificate-SN}), from the environment. Absent (or
         * without the secret key), the workers start, but every BINANCE_PAY payment fails fatally.
         */
        Optional<String> apiKey();

        /** The API key's secret, which signs every request (HMAC-SHA512), from the environment. */
        Optional<String> secretKey();

        /** Where Binance Pay's API is: Binance itself, or a local server that speaks its API. */
        @WithDefault("https://bpay.binanceapi.com")
        URI apiBase();

        /** Longest the TCP (and TLS) connection may take. */
        @WithDefault("PT10S")
        Duration connectTimeout();

        /** Longest Binance Pay may take to answer once the request is sent. */
        @WithDefault("PT30S")
        Duration readTimeout();

        /** {@code env.terminalType} of the orders: where the buyer checks out (WEB, WAP, APP, ...). */
        @WithDefault("WEB")
        String terminalType();

        /** Where Binance Pay posts the order's webhooks (the gateway); absent: the merchant's configured one. */
        Optional<URI> webhookUrl();
    }
}
