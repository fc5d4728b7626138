package io.coursestream.topology.payments;

import java.time.Instant;
import java.util.List;

import org.apache.avro.specific.SpecificRecord;

import io.coursestream.schemas.jobs.DeadLetterReason;
import io.coursestream.schemas.jobs.DeadLetteredJob;
import io.coursestream.schemas.jobs.JobAttemptError;
import io.coursestream.schemas.jobs.JobCommand;
import io.coursestream.schemas.jobs.JobDeadLettered;
import io.coursestream.schemas.payments.PaymentInitiated;
import io.coursestream.schemas.payments.PaymentRefunded;
import io.coursestream.schemas.payments.PaymentStatus;
import io.coursestream.schemas.payments.PaymentWebhookReceived;
import io.coursestream.schemas.payments.ProviderPaymentResult;
import io.coursestream.topology.jobs.JobEvents;

/**
 * One input of the payment state machine, in the terms the machine decides on: what asked ({@code trigger}), its
 * identity ({@code sourceId}: the event id, or the provider's event id for a webhook, so the same provider event
 * delivered twice is one step), the state it asks for and when it happened.
 *
 * @param event            the input as read
 * @param trigger          the event type, with the provider's event type for webhooks
 *                         ({@code PaymentWebhookReceived:payment_intent.succeeded})
 * @param sourceId         what identifies the step: a repeat of it changes nothing
 * @param target           the state asked for; null for a PaymentInitiated (creates) and a PaymentRefunded (computed)
 * @param at               when it happened: the provider's creation time of a webhook (its receipt if the provider
 *                         gave none), the {@code occurredAt} of every other input
 * @param correlationId    the input's correlation id, copied to what it causes
 * @param webhook          true if the provider's own word (a webhook); false for the worker's answer and ours
 * @param attempt          the ProcessPayment attempt the step reports; 0 if none
 * @param providerReference the provider's payment id the step carries; null if none
 * @param nextActionUrl    where the buyer must go on (REQUIRES_ACTION); null otherwise
 * @param failureCode      the failure's machine-readable code (FAILED); null otherwise
 * @param failureMessage   the failure's human-readable reason (FAILED); null otherwise
 * @param retriable        whether the failure's cause was transient (a dead letter after retries)
 */
record PaymentStep(SpecificRecord event, String trigger, String sourceId, PaymentStatus target, Instant at,
        String correlationId, boolean webhook, int attempt, String providerReference, String nextActionUrl,
        String failureCode, String failureMessage, boolean retriable) {

    /**
     * Trigger of a dead-lettered ProcessPayment job (read from {@code jobs.dead-letter}): named after the job runtime's
     * JobDeadLettered event, whose id is also the step's.
     */
    static final String DEAD_LETTER_TRIGGER = "JobDeadLettered";

    /** The step {@code event} asks for; null if the state machine does not take the type. */
    static PaymentStep of(SpecificRecord event) {
        if (event instanceof PaymentInitiated initiated) {
            return new PaymentStep(event, "PaymentInitiated", initiated.getMetadata().getEventId().toString(), null,
                    initiated.getMetadata().getOccurredAt(), initiated.getMetadata().getCorrelationId(), false, 0,
                    null, null, null, null, false);
        }
        if (event instanceof PaymentRefunded refunded) {
            return new PaymentStep(event, "PaymentRefunded", refunded.getMetadata().getEventId().toString(), null,
                    refunded.getMetadata().getOccurredAt(), refunded.getMetadata().getCorrelationId(), false, 0,
                    refunded.getProviderRefundReference(), null, null, null, false);
        }
        if (event instanceof ProviderPaymentResult result) {
            return new PaymentStep(event, "ProviderPaymentResult", result.getMetadata().getEventId().toString(),
                    result.getStatus(), result.getMetadata().getOccurredAt(), result.getMetadata().getCorrelationId(),
                    false, result.getAttempt(), result.getProviderReference(), result.getNextActionUrl(),
                    result.getFailureCode(), result.getFailureMessage(), false);
        }
        if (event instanceof PaymentWebhookReceived webhook) {
            Instant at = webhook.getProviderCreatedAt() != null ? webhook.getProviderCreatedAt()
                    : webhook.getReceivedAt();
            return new PaymentStep(event, "PaymentWebhookReceived:" + webhook.getEventType(),
                    webhook.getProviderEventId(), webhook.getStatus(), at, webhook.getMetadata().getCorrelationId(),
                    true, 0, webhook.getProviderReference(), null, webhook.getFailureCode(),
                    webhook.getFailureMessage(), false);
        }
        if (event instanceof DeadLetteredJob deadLetter) {
            List<JobAttemptError> errors = deadLetter.getErrors();
            JobCommand job = deadLetter.getCommand();
            return deadLettered(event, JobEvents.deadLetteredEventId(deadLetter).toString(), job.getAttempt(),
                    deadLetter.getReason(), errors.isEmpty() ? null : errors.get(errors.size() - 1),
                    deadLetter.getDeadLetteredAt(), job.getCorrelationId());
        }
        if (event instanceof JobDeadLettered deadLettered) {
            // What versions before stop 22 wrote to the dead letters' repartition topic (read from jobs.scheduling).
            return deadLettered(event, deadLettered.getMetadata().getEventId().toString(), deadLettered.getAttempt(),
                    deadLettered.getReason(), deadLettered.getLastError(), deadLettered.getMetadata().getOccurredAt(),
                    deadLettered.getMetadata().getCorrelationId());
        }
        return null;
    }

    /** The step of a dead-lettered ProcessPayment job: the transaction fails for good, with the job's last error. */
    private static PaymentStep deadLettered(SpecificRecord event, String eventId, int attempt, DeadLetterReason reason,
            JobAttemptError lastError, Instant at, String correlationId) {
        String message = "The payment could not be processed: its job was dead-lettered after attempt " + attempt
                + " (" + reason + ")"
                + (lastError == null ? "" : ": " + lastError.getErrorClass() + ": " + lastError.getMessage());
        return new PaymentStep(event, DEAD_LETTER_TRIGGER, eventId, PaymentStatus.FAILED, at, correlationId, false,
                attempt, null, null, deadLetterCode(reason), message, lastError != null && lastError.getRetriable());
    }

    /**
     * Our failure code of a dead letter: {@code invalid_request} if it was fatal, {@code timeout} if its last attempt
     * timed out, else {@code provider_unavailable}.
     */
    private static String deadLetterCode(DeadLetterReason reason) {
        return switch (reason) {
            case FATAL_ERROR, UNDECODABLE -> "invalid_request";
            case TIMEOUT -> "timeout";
            default -> "provider_unavailable";
        };
    }
}
