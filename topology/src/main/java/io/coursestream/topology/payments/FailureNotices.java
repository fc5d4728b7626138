package io.coursestream.topology.payments;

import java.time.Instant;
import java.util.List;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.KeyValue;

import io.coursestream.schemas.admin.AdminAlertRaised;
import io.coursestream.schemas.jobs.JobCommand;
import io.coursestream.schemas.payments.PaymentStatus;
import io.coursestream.schemas.payments.Transaction;
import io.coursestream.schemas.payments.TransactionTransition;

/**
 * What a final failure tells people, read from the transaction as it failed ({@code payments.transactions}): the
 * buyer's notice (a SendNotification job request) and the admins' alert. A transaction is published after every
 * accepted step and FAILED accepts none after it, so exactly one record shows the failing step as the last of its
 * history; replays and repeats carry the same deterministic ids, which the scheduler and the alert mails de-duplicate.
 *
 * <p>Read from the table, not from the state machine's node, because one cause of a final failure, the dead letter of
 * the ProcessPayment job, is only known after the job scheduler: its notice cannot flow back into the scheduler's
 * requests except through a topic.
 */
final class FailureNotices {

    private FailureNotices() {
    }

    /** The notice (keyed by job id) and the alert (keyed by alert id) of a transaction that just failed; else none. */
    static List<KeyValue<String, SpecificRecord>> of(Transaction transaction, PaymentSettings.FailureNotices settings) {
        TransactionTransition failing = failingStep(transaction);
        if (failing == null) {
            return List.of();
        }
        String transactionId = transaction.getTransactionId();
        Instant at = failing.getAt();
        boolean deadLettered = PaymentStep.DEAD_LETTER_TRIGGER.equals(failing.getTrigger());
        // The transaction does not keep checkout's correlation id: the payment's flow is its transaction.
        JobCommand notice = PaymentJobs.failureNotice(transaction, settings.buyerTemplate(), transactionId,
                failing.getSourceEventId(), at);
        AdminAlertRaised alert = PaymentEvents.failureAlert(transaction, deadLettered, settings.declineSeverity(),
                PaymentIds.metadata("payment-failed-alert", transactionId, at, transactionId,
                        failing.getSourceEventId()));
        return List.of(KeyValue.pair(notice.getJobId(), notice), KeyValue.pair(alert.getAlertId(), alert));
    }

    /** The accepted step to FAILED if it is the last of the history, else null. */
    static TransactionTransition failingStep(Transaction transaction) {
        if (transaction == null || transaction.getStatus() != PaymentStatus.FAILED
                || transaction.getHistory().isEmpty()) {
            return null;
        }
        TransactionTransition last = transaction.getHistory().get(transaction.getHistory().size() - 1);
        return last.getAccepted() && last.getToStatus() == PaymentStatus.FAILED ? last : null;
    }
}
