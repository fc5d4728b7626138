package io.coursestream.workers.payments;

import java.util.Map;

import io.coursestream.devstack.binance.BinancePayServer;
import io.coursestream.devstack.stripe.StripeApiServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * The devstack's local Stripe API and Binance Pay servers for the workers under test: the
 * {@code coursestream.payments.*} keys point at them, and they are injected into the test's
 * {@link PaymentProviderServers} fields. Global (it only adds the payment keys), so the module's ITs keep sharing one
 * application.
 */
public class PaymentProvidersTestResource implements QuarkusTestResourceLifecycleManager {

    private PaymentProviderServers servers;

    @Override
    public Map<String, String> start() {
        servers = new PaymentProviderServers(new StripeApiServer().start(), new BinancePayServer().start());
        return Map.of(
                "coursestream.payments.stripe.api-base", servers.stripe().baseUrl(),
                "coursestream.payments.stripe.api-key", servers.stripe().apiKey(),
                "coursestream.payments.binance.api-base", servers.binance().baseUrl(),
                "coursestream.payments.binance.api-key", servers.binance().apiKey(),
                "coursestream.payments.binance.secret-key", servers.binance().secretKey());
    }

    @Override
    public void inject(TestInjector testInjector) {
        testInjector.injectIntoFields(servers, new TestInjector.MatchesType(PaymentProviderServers.class));
    }

    @Override
    public void stop() {
        if (servers != null) {
            servers.stripe().close();
            servers.binance().close();
        }
    }
}
