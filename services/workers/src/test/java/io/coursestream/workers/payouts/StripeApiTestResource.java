package io.coursestream.workers.payouts;

import java.util.Map;

import io.coursestream.devstack.stripe.StripeApiServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * The local Stripe API server (the devstack's) for the workers under test: {@code coursestream.payouts.stripe.api-base}
 * and {@code api-key} point at it, and it is injected into the test's {@link StripeApiServer} fields. Global (it only
 * adds the payout keys), so the module's ITs keep sharing one application.
 */
public class StripeApiTestResource implements QuarkusTestResourceLifecycleManager {

    private StripeApiServer server;

    @Override
    public Map<String, String> start() {
        server = new StripeApiServer().start();
        return Map.of("coursestream.payouts.stripe.api-base", server.baseUrl(),
                "coursestream.payouts.stripe.api-key", server.apiKey());
    }

    @Override
    public void inject(TestInjector testInjector) {
        testInjector.injectIntoFields(server, new TestInjector.MatchesType(StripeApiServer.class));
    }

    @Override
    public void stop() {
        if (server != null) {
            server.close();
        }
    }
}
