package io.coursestream.workers.payouts;

import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.coursestream.schemas.jobs.ExecutePayout;
import io.coursestream.schemas.jobs.JobType;
import io.coursestream.workers.JobContext;
import io.coursestream.workers.JobHandler;

/**
 * Runs EXECUTE_PAYOUT ({@code jobs.affiliates}): pays an affiliate's payout through {@link PayoutService} and reports
 * the provider's reference in {@code JobSucceeded.outputs}: {@code payoutId}, {@code provider} and
 * {@code providerReference} (the Stripe transfer id). A failure is thrown as classified (fatal or retriable), so the
 * scheduler retries it with the same payload, and so the same idempotency key, or dead-letters it.
 */
@ApplicationScoped
public class ExecutePayoutHandler implements JobHandler {

    private final PayoutService payouts;

    @Inject
    ExecutePayoutHandler(PayoutService payouts) {
        this.payouts = payouts;
    }

    @Override
    public JobType type() {
        return JobType.EXECUTE_PAYOUT;
    }

    @Override
    public void handle(JobContext context) {
        ExecutePayout payload = context.payload(ExecutePayout.class);
        PayoutResult result = payouts.pay(payload);
        outputs(payload, result).forEach(context::output);
    }

    /** What {@code JobSucceeded} reports. */
    static Map<String, String> outputs(ExecutePayout payload, PayoutResult result) {
        Map<String, String> outputs = new LinkedHashMap<>();
        outputs.put("payoutId", payload.getPayoutId());
        outputs.put("provider", result.provider().name());
        outputs.put("providerReference", result.reference());
        return outputs;
    }
}
