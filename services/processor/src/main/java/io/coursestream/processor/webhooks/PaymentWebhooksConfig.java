package io.coursestream.processor.webhooks;

import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** {@code coursestream.payments.webhooks.*}: the keys and windows the payment webhook gateway verifies with. */
@ConfigMapping(prefix = "coursestream.payments.webhooks")
public interface PaymentWebhooksConfig {

    Stripe stripe();

    Binance binance();

    /** {@code coursestream.payments.webhooks.stripe.*}. */
    interface Stripe {

        /** The endpoint's signing secret ({@code whsec_...}); absent, every Stripe webhook is answered 503. */
        Optional<String> signingSecret();

        /** How far the signed timestamp may be from now (either way) before the webhook counts as a replay. */
        @WithDefault("PT300S")
        Duration tolerance();
    }

    /** {@code coursestream.payments.webhooks.binance.*}. */
    interface Binance {

        /**
         * Binance Pay's public key its webhooks are signed with (base64 of the X.509 SubjectPublicKeyInfo, with or
         * without the PEM armour); absent, every Binance Pay webhook is answered 503.
         */
        Optional<String> publicKey();

        /** How far the signed timestamp may be from now (either way); also how long a nonce is remembered. */
        @WithDefault("PT5M")
        Duration window();
    }
}
