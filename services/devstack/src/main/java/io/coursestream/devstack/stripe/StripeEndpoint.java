package io.coursestream.devstack.stripe;

/**
 * One operation of the local Stripe API ({@code POST /v1/transfers}), registered on a {@link StripeApiServer} with
 * {@link StripeApiServer#route}. It runs after authentication, injected faults and the idempotency check, one request
 * at a time per server, so it may keep plain state.
 */
@FunctionalInterface
public interface StripeEndpoint {

    /** The response to {@code request}: a Stripe object, or a Stripe error built with {@link StripeResponse#error}. */
    StripeResponse handle(StripeRequest request);
}
