package io.coursestream.workers.payments;

import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.coursestream.schemas.jobs.JobType;
import io.coursestream.schemas.jobs.ProcessPayment;
import io.coursestream.schemas.payments.ProviderPaymentResult;
import io.coursestream.workers.JobContext;
import io.coursestream.workers.JobHandler;

/**
 * Runs PROCESS_PAYMENT ({@code jobs.payments}): submits the payment through {@link PaymentService}, which publishes
 * the provider's answer on {@code payments.provider-results}, and reports it in {@code JobSucceeded.outputs}:
 * {@code transactionId}, {@code provider}, {@code status} and {@code providerReference} (the PaymentIntent
 * {@code pi_...} or the Binance Pay prepayId; absent when the provider refused before creating one). A decline is an
 * answer and the job succeeds; a failure is thrown as classified (fatal or retriable), so the scheduler retries it
 * with the same payload, and so the same idempotency key, or dead-letters it.
 */
@ApplicationScoped
public class ProcessPaymentHandler implements JobHandler {

    private final PaymentService payments;

    @Inject
    ProcessPaymentHandler(PaymentService payments) {
        this.payments = payments;
    }

    @Override
    public JobType type() {
        return JobType.PROCESS_PAYMENT;
    }

    @Override
    public void handle(JobContext context) {
        ProcessPayment payload = context.payload(ProcessPayment.class);
        ProviderPaymentResult result = payments.process(payload, context.command());
        outputs(result).forEach(context::output);
    }

    /** What {@code JobSucceeded} reports. */
    static Map<String, String> outputs(ProviderPaymentResult result) {
        Map<String, String> outputs = new LinkedHashMap<>();
        outputs.put("transactionId", result.getTransactionId());
        outputs.put("provider", result.getProvider().name());
        outputs.put("status", result.getStatus().name());
        if (result.getProviderReference() != null) {
            outputs.put("providerReference", result.getProviderReference());
        }
        return outputs;
    }
}
