package io.coursestream.topology.payments;

import java.time.Duration;
import java.util.Objects;

import io.coursestream.schemas.admin.AlertSeverity;

/**
 * What the payment topology is configured with (the processor's {@code coursestream.payments.*}).
 *
 * <p>The state machine's rules, the invoice number format ({@code INV-<year>-<6 digits>}, {@code CN-<year>-<6 digits>})
 * and the ids are fixed: they are the contract with the workers, the books and the providers, not a deployment's
 * choice. What is configurable is how long and how much the topology waits and keeps, and how loud a failure is.
 *
 * @param pendingWebhooks how webhooks that arrive before their PaymentInitiated wait for it
 * @param audit           how much of the refused steps a transaction's history keeps
 * @param failureNotices  the buyer's notice and the admins' alert of a final failure
 */
public record PaymentSettings(PendingWebhooks pendingWebhooks, Audit audit, FailureNotices failureNotices) {

    public static final PaymentSettings DEFAULTS = new PaymentSettings(PendingWebhooks.DEFAULTS, Audit.DEFAULTS,
            FailureNotices.DEFAULTS);

    public PaymentSettings {
        Objects.requireNonNull(pendingWebhooks, "pendingWebhooks");
        Objects.requireNonNull(audit, "audit");
        Objects.requireNonNull(failureNotices, "failureNotices");
    }

    public PaymentSettings withPendingWebhooks(PendingWebhooks value) {
        return new PaymentSettings(value, audit, failureNotices);
    }

    public PaymentSettings withAudit(Audit value) {
        return new PaymentSettings(pendingWebhooks, value, failureNotices);
    }

    public PaymentSettings withFailureNotices(FailureNotices value) {
        return new PaymentSettings(pendingWebhooks, audit, value);
    }

    /**
     * A webhook for a transaction the state machine does not know yet (the gateway was faster than checkout's
     * PaymentInitiated, or the payment events lag) waits for it, bounded in time and number.
     *
     * @param maxWait           how long, in stream time (the records' event time), a webhook waits from its
     *                          {@code receivedAt}; then it is dropped and logged. 24 hours outlast any consumer lag
     *                          worth waiting for; a provider re-sends an unacknowledged event anyway
     * @param maxPerTransaction webhooks kept per unknown transaction; more are dropped and logged (a provider sends a
     *                          handful per payment; more means a wrong transaction id)
     * @param scanInterval      stream-time interval of the scan that drops the expired ones
     */
    public record PendingWebhooks(Duration maxWait, int maxPerTransaction, Duration scanInterval) {

        public static final PendingWebhooks DEFAULTS = new PendingWebhooks(Duration.ofHours(24), 20,
                Duration.ofMinutes(1));

        public PendingWebhooks {
            Durations.positive(maxWait, "pendingWebhookMaxWait");
            Durations.positive(scanInterval, "pendingWebhookScanInterval");
            if (maxPerTransaction < 1) {
                throw new IllegalArgumentException("pendingWebhookMaxPerTransaction must be at least 1, got "
                        + maxPerTransaction);
            }
        }

        public PendingWebhooks withMaxWait(Duration value) {
            return new PendingWebhooks(value, maxPerTransaction, scanInterval);
        }

        public PendingWebhooks withMaxPerTransaction(int value) {
            return new PendingWebhooks(maxWait, value, scanInterval);
        }

        public PendingWebhooks withScanInterval(Duration value) {
            return new PendingWebhooks(maxWait, maxPerTransaction, value);
        }
    }

    /**
     * The history of a transaction keeps every accepted step; refused steps and confirmations (a step that asks for
     * the state the transaction is already in) are kept up to a limit, so a provider or a bug that repeats itself
     * cannot grow a transaction without bound. Steps over the limit are still refused, logged and counted.
     *
     * @param maxUnappliedSteps refused steps and confirmations kept per transaction
     */
    public record Audit(int maxUnappliedSteps) {

        public static final Audit DEFAULTS = new Audit(50);

        public Audit {
            if (maxUnappliedSteps < 0) {
                throw new IllegalArgumentException("maxUnappliedSteps must not be negative, got " + maxUnappliedSteps);
            }
        }
    }

    /**
     * A final failure tells the buyer (a critical SendNotification on {@code jobs.emails}, BILLING) and the admins
     * (an AdminAlertRaised on {@code admin.alerts}). A dead-lettered job is always CRITICAL (we could not reach the
     * provider); a provider's decline is routine and gets {@link #declineSeverity()}.
     *
     * @param buyerTemplate   template of the buyer's mail
     * @param declineSeverity severity of the alert of a declined payment
     */
    public record FailureNotices(String buyerTemplate, AlertSeverity declineSeverity) {

        public static final FailureNotices DEFAULTS = new FailureNotices("payment-failed", AlertSeverity.WARNING);

        public FailureNotices {
            Objects.requireNonNull(buyerTemplate, "buyerTemplate");
            if (buyerTemplate.isBlank()) {
                throw new IllegalArgumentException("the buyer's template must not be blank");
            }
            Objects.requireNonNull(declineSeverity, "declineSeverity");
            if (declineSeverity == AlertSeverity.UNKNOWN) {
                throw new IllegalArgumentException("the decline severity must be INFO, WARNING or CRITICAL");
            }
        }

        public FailureNotices withBuyerTemplate(String value) {
            return new FailureNotices(value, declineSeverity);
        }

        public FailureNotices withDeclineSeverity(AlertSeverity value) {
            return new FailureNotices(buyerTemplate, value);
        }
    }

    /** The nested records' shared check (a class of its own, see AffiliateSettings for why). */
    private static final class Durations {

        private Durations() {
        }

        static void positive(Duration duration, String name) {
            Objects.requireNonNull(duration, name);
            if (duration.isNegative() || duration.isZero()) {
                throw new IllegalArgumentException(name + " must be positive, got " + duration);
            }
        }
    }
}
