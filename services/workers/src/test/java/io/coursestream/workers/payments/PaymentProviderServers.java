package io.coursestream.workers.payments;

import io.coursestream.devstack.binance.BinancePayServer;
import io.coursestream.devstack.stripe.StripeApiServer;

/**
 * The local provider servers the workers under test charge at, injected by {@link PaymentProvidersTestResource} into
 * fields of this type (not of the servers' own types, which the payout ITs' resource injects its Stripe server into).
 *
 * @param stripe  the Stripe API server of {@code coursestream.payments.stripe.*}
 * @param binance the Binance Pay server of {@code coursestream.payments.binance.*}
 */
public record PaymentProviderServers(StripeApiServer stripe, BinancePayServer binance) {
}
