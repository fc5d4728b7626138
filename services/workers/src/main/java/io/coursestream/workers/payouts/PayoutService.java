package io.coursestream.workers.payouts;

import java.util.EnumMap;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

import io.coursestream.schemas.jobs.ExecutePayout;
import io.coursestream.schemas.payments.PaymentProvider;
import io.coursestream.workers.FatalJobException;
import io.coursestream.workers.MoneyChecks;
import io.coursestream.workers.ProviderUnavailableException;

/**
 * Pays an affiliate's payout: checks the {@link ExecutePayout} payload (a positive amount in an ISO 4217 currency, a
 * destination account, an idempotency key), then pays it through the {@link PayoutProvider} of its provider. A
 * payload that fails the checks, or names a provider without payouts, is fatal: no retry changes it.
 */
@ApplicationScoped
public class PayoutService {

    private final Map<PaymentProvider, PayoutProvider> providers = new EnumMap<>(PaymentProvider.class);

    @Inject
    PayoutService(Instance<PayoutProvider> providers) {
        this((Iterable<PayoutProvider>) providers);
    }

    PayoutService(Iterable<PayoutProvider> providers) {
        for (PayoutProvider provider : providers) {
            PayoutProvider previous = this.providers.putIfAbsent(provider.provider(), provider);
            if (previous != null) {
                throw new IllegalStateException("two payout providers for " + provider.provider() + ": "
                        + previous.getClass().getName() + " and " + provider.getClass().getName());
            }
        }
    }

    /**
     * Pays {@code payload} once (the provider's idempotency makes a repeated call pay nothing more).
     *
     * @throws FatalJobException       for an invalid payload, an unsupported provider, or a refusal
     * @throws ProviderUnavailableException when a later attempt may succeed
     */
    public PayoutResult pay(ExecutePayout payload) {
        Payout payout = validated(payload);
        PayoutProvider provider = providers.get(payload.getProvider());
        if (provider == null) {
            throw new FatalJobException("payout " + payout.payoutId() + " names an unsupported provider "
                    + payload.getProvider() + "; payouts are executed by " + providers.keySet());
        }
        return new PayoutResult(provider.provider(), provider.pay(payout));
    }

    /** The payload as a {@link Payout}, or a {@link FatalJobException} naming what is wrong with it. */
    static Payout validated(ExecutePayout payload) {
        String payoutId = payload.getPayoutId();
        if (payoutId == null || payoutId.isBlank()) {
            throw new FatalJobException("an EXECUTE_PAYOUT job needs a payoutId");
        }
        MoneyChecks.requirePositive(payload.getAmount(), "payout " + payoutId, "transferred");
        long amount = payload.getAmount().getAmountMinor();
        String currency = payload.getAmount().getCurrency();
        String destination = payload.getDestinationAccount();
        if (destination == null || destination.isBlank()) {
            throw new FatalJobException("payout " + payoutId + " of affiliate " + payload.getAffiliateId()
                    + " has no destination account: the affiliate has not linked a " + payload.getProvider()
                    + " payout account");
        }
        String idempotencyKey = payload.getIdempotencyKey();
        if (idempotencyKey == null || idempotencyKey.isBlank()) {
            throw new FatalJobException("payout " + payoutId
                    + " has no idempotency key: without one a retry could pay twice");
        }
        return new Payout(payoutId, payload.getAffiliateId(), amount, currency, destination.strip(), idempotencyKey,
                payload.getDescription(), payload.getCommissionIds().size());
    }
}
