package io.coursestream.topology.payments;

import static io.coursestream.schemas.payments.PaymentStatus.FAILED;
import static io.coursestream.schemas.payments.PaymentStatus.INITIATED;
import static io.coursestream.schemas.payments.PaymentStatus.PARTIALLY_REFUNDED;
import static io.coursestream.schemas.payments.PaymentStatus.PROCESSING;
import static io.coursestream.schemas.payments.PaymentStatus.REFUNDED;
import static io.coursestream.schemas.payments.PaymentStatus.REQUIRES_ACTION;
import static io.coursestream.schemas.payments.PaymentStatus.SUCCEEDED;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.coursestream.schemas.common.Money;
import io.coursestream.schemas.payments.PaymentInitiated;
import io.coursestream.schemas.payments.PaymentRefunded;
import io.coursestream.schemas.payments.PaymentStatus;
import io.coursestream.schemas.payments.PaymentWebhookReceived;
import io.coursestream.schemas.payments.Transaction;
import io.coursestream.schemas.payments.TransactionTransition;

/**
 * The payment state machine's rules, pure: the next {@link Transaction} for a transaction's current state and one
 * {@link PaymentStep}. Never throws on a step it cannot apply: it refuses it and records why.
 *
 * <pre>
 * INITIATED -> PROCESSING | REQUIRES_ACTION | SUCCEEDED | FAILED
 * PROCESSING -> REQUIRES_ACTION | SUCCEEDED | FAILED
 * REQUIRES_ACTION -> PROCESSING | SUCCEEDED | FAILED
 * SUCCEEDED | PARTIALLY_REFUNDED -> PARTIALLY_REFUNDED | REFUNDED   (PaymentRefunded only)
 * </pre>
 * INITIATED goes straight to REQUIRES_ACTION, SUCCEEDED or FAILED when the provider's first answer is one (a card
 * that needs no challenge succeeds in the same call that submits it).
 *
 * <p>Reconciliation of the worker's answers ({@code ProviderPaymentResult}), the provider's webhooks and the job's
 * dead letter:
 * <ul>
 *   <li>The first final state wins, whoever says it: SUCCEEDED from the worker or a webhook; FAILED from the worker's
 *       decline, a webhook or the dead letter. A final state never goes back: a later contradicting step is refused.
 *       A SUCCEEDED after FAILED is refused too, but flagged ({@link Decision#capturedAfterFailure()}): the provider
 *       took money we told the buyer we did not, and an administrator must refund or reconcile it.</li>
 *   <li>A step asking for the state the transaction is in (the worker's SUCCEEDED and the webhook's) is a
 *       confirmation: recorded, nothing changes.</li>
 *   <li>A non-final step (PROCESSING, REQUIRES_ACTION) older than the last webhook applied (by the provider's
 *       creation time) is stale and refused, so out-of-order deliveries cannot move the state back.</li>
 *   <li>A step whose source id is in the history (a replay, the same provider event id delivered twice) or a refund
 *       whose id was applied is a repeat: nothing changes, not even the history.</li>
 *   <li>Refunds come from PaymentRefunded only (summed; more than paid, another currency or an unpaid transaction
 *       refused); a provider's refund webhook confirms them.</li>
 * </ul>
 * Refused steps and confirmations are kept in the history up to {@link PaymentSettings.Audit#maxUnappliedSteps()}.
 */
final class TransactionStateMachine {

    /** What happened to a step. */
    enum Outcome {
        /** The transaction moved (or was created): store it and publish what follows. */
        ACCEPTED,
        /** The step asked for the state the transaction is in; recorded (if the audit has room). */
        CONFIRMED,
        /** Illegal, stale or contradicting a final state; recorded (if the audit has room). */
        REFUSED,
        /** Seen before (same source id, same refund id): nothing changes. */
        REPEAT,
        /** A webhook for a transaction not initiated yet: it waits for its PaymentInitiated. */
        WAIT_FOR_INITIATION,
        /** Any other step for a transaction not initiated: nothing to apply it to. */
        UNKNOWN_TRANSACTION
    }

    /**
     * @param outcome              what happened
     * @param transaction          the state to store, null if the store stays as it is
     * @param transition           the step as recorded (or as it would have been, when the audit is full); null for
     *                             REPEAT, WAIT_FOR_INITIATION and UNKNOWN_TRANSACTION
     * @param capturedAfterFailure a provider reported money captured for a transaction that had already FAILED
     */
    record Decision(Outcome outcome, Transaction transaction, TransactionTransition transition,
            boolean capturedAfterFailure) {

        static Decision of(Outcome outcome) {
            return new Decision(outcome, null, null, false);
        }

        /** The status asked for by an accepted step; the transaction's status. */
        PaymentStatus status() {
            return transaction.getStatus();
        }
    }

    private static final Map<PaymentStatus, Set<PaymentStatus>> ALLOWED = new EnumMap<>(PaymentStatus.class);

    static {
        ALLOWED.put(INITIATED, EnumSet.of(PROCESSING, REQUIRES_ACTION, SUCCEEDED, FAILED));
        ALLOWED.put(PROCESSING, EnumSet.of(REQUIRES_ACTION, SUCCEEDED, FAILED));
        ALLOWED.put(REQUIRES_ACTION, EnumSet.of(PROCESSING, SUCCEEDED, FAILED));
        ALLOWED.put(SUCCEEDED, EnumSet.of(PARTIALLY_REFUNDED, REFUNDED));
        ALLOWED.put(PARTIALLY_REFUNDED, EnumSet.of(PARTIALLY_REFUNDED, REFUNDED));
    }

    /** The states after which the payment's own outcome is decided. */
    private static final Set<PaymentStatus> DECIDED = EnumSet.of(SUCCEEDED, FAILED, PARTIALLY_REFUNDED, REFUNDED);
    /** The states a payment step (not a refund) may ask for. */
    private static final Set<PaymentStatus> PAYMENT_STEPS = EnumSet.of(PROCESSING, REQUIRES_ACTION, SUCCEEDED, FAILED);

    private final int maxUnappliedSteps;

    TransactionStateMachine(PaymentSettings.Audit audit) {
        this.maxUnappliedSteps = audit.maxUnappliedSteps();
    }

    /** Whether the machine moves a transaction from {@code from} to {@code to}. */
    static boolean allowed(PaymentStatus from, PaymentStatus to) {
        return ALLOWED.getOrDefault(from, Set.of()).contains(to);
    }

    /**
     * @param current the transaction's state, null if it was never initiated
     * @param step    what asks
     */
    Decision decide(Transaction current, PaymentStep step) {
        if (current == null) {
            if (step.event() instanceof PaymentInitiated initiated) {
                return initiate(initiated, step);
            }
            return Decision.of(step.webhook() ? Outcome.WAIT_FOR_INITIATION : Outcome.UNKNOWN_TRANSACTION);
        }
        if (seen(current, step.sourceId())) {
            return Decision.of(Outcome.REPEAT);
        }
        if (step.event() instanceof PaymentInitiated) {
            return refuse(current, step, current.getStatus(), "transaction already initiated", false);
        }
        if (step.event() instanceof PaymentRefunded refunded) {
            return refund(current, refunded, step);
        }
        if (step.event() instanceof PaymentWebhookReceived webhook
                && (webhook.getStatus() == PARTIALLY_REFUNDED || webhook.getStatus() == REFUNDED)) {
            return refundWebhook(current, webhook, step);
        }
        return payment(current, step);
    }

    private Decision initiate(PaymentInitiated initiated, PaymentStep step) {
        TransactionTransition created = transition(PaymentStatus.UNKNOWN, INITIATED, step, true, null);
        Transaction transaction = Transaction.newBuilder()
                .setTransactionId(initiated.getTransactionId())
                .setUserId(initiated.getUserId())
                .setCourseId(initiated.getCourseId())
                .setAmount(initiated.getAmount())
                .setRefundedAmount(new Money(0L, initiated.getAmount().getCurrency()))
                .setProvider(initiated.getProvider())
                .setStatus(INITIATED)
                .setBuyer(initiated.getBuyer())
                .setDescription(initiated.getDescription())
                .setProviderReference(null)
                .setLastProviderEventId(null)
                .setLastProviderEventAt(null)
                .setAttempts(0)
                .setFailureCode(null)
                .setFailureReason(null)
                .setRefundIds(List.of())
                .setCreatedAt(step.at())
                .setUpdatedAt(step.at())
                .setHistory(List.of(created))
                .build();
        return new Decision(Outcome.ACCEPTED, transaction, created, false);
    }

    private Decision payment(Transaction current, PaymentStep step) {
        PaymentStatus from = current.getStatus();
        PaymentStatus to = step.target();
        if (!PAYMENT_STEPS.contains(to)) {
            return refuse(current, step, to, "not a payment step: " + to, false);
        }
        if (DECIDED.contains(from)) {
            boolean confirms = to == from || (to == SUCCEEDED && from != FAILED);
            if (confirms) {
                return record(current, step, to, Outcome.CONFIRMED, "already " + from);
            }
            return refuse(current, step, to, "final state " + from + " never goes back (asked for " + to + ")",
                    from == FAILED && to == SUCCEEDED);
        }
        if (to == from) {
            return record(current, step, to, Outcome.CONFIRMED, "already " + from);
        }
        Instant lastProviderEventAt = current.getLastProviderEventAt();
        if (!DECIDED.contains(to) && lastProviderEventAt != null && step.at().isBefore(lastProviderEventAt)) {
            return refuse(current, step, to, "stale: happened at " + step.at() + ", before the provider event "
                    + current.getLastProviderEventId() + " of " + lastProviderEventAt, false);
        }
        if (!allowed(from, to)) {
            return refuse(current, step, to, "illegal transition " + from + " -> " + to, false);
        }
        TransactionTransition accepted = transition(from, to, step, true, null);
        Transaction.Builder next = Transaction.newBuilder(current)
                .setStatus(to)
                .setAttempts(Math.max(current.getAttempts(), step.attempt()))
                .setUpdatedAt(later(current.getUpdatedAt(), step.at()))
                .setHistory(append(current.getHistory(), accepted));
        if (step.providerReference() != null) {
            next.setProviderReference(step.providerReference());
        }
        if (step.webhook()) {
            next.setLastProviderEventId(step.sourceId());
            next.setLastProviderEventAt(lastProviderEventAt == null ? step.at()
                    : later(lastProviderEventAt, step.at()));
        }
        if (to == FAILED) {
            next.setFailureCode(step.failureCode());
            String code = step.failureCode() == null ? "." : " (" + step.failureCode() + ").";
            next.setFailureReason(step.failureMessage() != null ? step.failureMessage()
                    : "The payment was declined" + code);
        }
        return new Decision(Outcome.ACCEPTED, next.build(), accepted, false);
    }

    private Decision refund(Transaction current, PaymentRefunded refunded, PaymentStep step) {
        if (current.getRefundIds().contains(refunded.getRefundId())) {
            return Decision.of(Outcome.REPEAT);
        }
        PaymentStatus from = current.getStatus();
        Money amount = refunded.getAmount();
        long refundable = current.getAmount().getAmountMinor() - current.getRefundedAmount().getAmountMinor();
        if (from != SUCCEEDED && from != PARTIALLY_REFUNDED) {
            return refuse(current, step, REFUNDED, "only a succeeded payment can be refunded, the transaction is "
                    + from, false);
        }
        if (!amount.getCurrency().equals(current.getAmount().getCurrency())) {
            return refuse(current, step, REFUNDED, "refund in " + amount.getCurrency() + " of a payment in "
                    + current.getAmount().getCurrency(), false);
        }
        if (amount.getAmountMinor() <= 0) {
            return refuse(current, step, REFUNDED, "refund amount must be positive, got " + amount.getAmountMinor(),
                    false);
        }
        if (amount.getAmountMinor() > refundable) {
            PaymentStatus asked = amount.getAmountMinor() == refundable ? REFUNDED : PARTIALLY_REFUNDED;
            return refuse(current, step, asked, "refund of " + amount.getAmountMinor() + " exceeds the refundable "
                    + refundable + " " + amount.getCurrency(), false);
        }
        long refundedMinor = current.getRefundedAmount().getAmountMinor() + amount.getAmountMinor();
        PaymentStatus to = refundedMinor == current.getAmount().getAmountMinor() ? REFUNDED : PARTIALLY_REFUNDED;
        TransactionTransition accepted = transition(from, to, step, true, null);
        List<String> refundIds = new ArrayList<>(current.getRefundIds());
        refundIds.add(refunded.getRefundId());
        Transaction next = Transaction.newBuilder(current)
                .setStatus(to)
                .setRefundedAmount(new Money(refundedMinor, amount.getCurrency()))
                .setRefundIds(refundIds)
                .setUpdatedAt(later(current.getUpdatedAt(), step.at()))
                .setHistory(append(current.getHistory(), accepted))
                .build();
        return new Decision(Outcome.ACCEPTED, next, accepted, false);
    }

    /** A provider's refund event: confirms the refunds applied, never applies one itself. */
    private Decision refundWebhook(Transaction current, PaymentWebhookReceived webhook, PaymentStep step) {
        Money reported = webhook.getRefundedAmount();
        long applied = current.getRefundedAmount().getAmountMinor();
        boolean refundedHere = current.getStatus() == PARTIALLY_REFUNDED || current.getStatus() == REFUNDED;
        if (refundedHere && (reported == null || reported.getAmountMinor() <= applied)) {
            return record(current, step, webhook.getStatus(), Outcome.CONFIRMED,
                    "refunds confirmed by the provider");
        }
        return refuse(current, step, webhook.getStatus(), "refunds are applied from PaymentRefunded: the provider"
                + " reports " + (reported == null ? "a refund" : reported.getAmountMinor() + " refunded")
                + ", "
                + applied + " applied", false);
    }

    private Decision refuse(Transaction current, PaymentStep step, PaymentStatus asked, String reason,
            boolean capturedAfterFailure) {
        Decision recorded = record(current, step, asked, Outcome.REFUSED, reason);
        return new Decision(recorded.outcome(), recorded.transaction(), recorded.transition(), capturedAfterFailure);
    }

    /** Records a step that changes nothing, if the audit has room. */
    private Decision record(Transaction current, PaymentStep step, PaymentStatus asked, Outcome outcome,
            String reason) {
        TransactionTransition unapplied = transition(current.getStatus(), asked, step, false, reason);
        long kept = current.getHistory().stream().filter(entry -> !entry.getAccepted()).count();
        if (kept >= maxUnappliedSteps) {
            return new Decision(outcome, null, unapplied, false);
        }
        Transaction next = Transaction.newBuilder(current)
                .setHistory(append(current.getHistory(), unapplied))
                .build();
        return new Decision(outcome, next, unapplied, false);
    }

    private static boolean seen(Transaction current, String sourceId) {
        return current.getHistory().stream().anyMatch(entry -> entry.getSourceEventId().equals(sourceId));
    }

    private static TransactionTransition transition(PaymentStatus from, PaymentStatus to, PaymentStep step,
            boolean accepted, String refusalReason) {
        return TransactionTransition.newBuilder()
                .setFromStatus(from)
                .setToStatus(to)
                .setTrigger(step.trigger())
                .setSourceEventId(step.sourceId())
                .setAccepted(accepted)
                .setRefusalReason(refusalReason)
                .setAt(step.at())
                .build();
    }

    private static List<TransactionTransition> append(List<TransactionTransition> history, TransactionTransition step) {
        List<TransactionTransition> next = new ArrayList<>(history.size() + 1);
        next.addAll(history);
        next.add(step);
        return next;
    }

    private static Instant later(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    /** When the transaction succeeded: the time of its accepted SUCCEEDED step; null if it never did. */
    static Instant succeededAt(Transaction transaction) {
        return transaction.getHistory().stream()
                .filter(entry -> entry.getAccepted() && entry.getToStatus() == SUCCEEDED)
                .map(TransactionTransition::getAt)
                .findFirst().orElse(null);
    }
}
