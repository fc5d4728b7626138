package io.coursestream.processor.payments;

import java.time.Duration;

import io.coursestream.schemas.admin.AlertSeverity;
import io.coursestream.topology.payments.PaymentSettings;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * {@code coursestream.payments.state-machine.*}: how the payment state machine holds early webhooks, how much of
 * what it refused it keeps, and how it tells of a final failure. The defaults are {@link PaymentSettings#DEFAULTS};
 * application.properties writes them out. (The webhook gateway's keys are {@code coursestream.payments.webhooks.*}.)
 */
@ConfigMapping(prefix = "coursestream.payments.state-machine")
public interface PaymentsConfig {

    PendingWebhooks pendingWebhooks();

    Audit audit();

    FailureNotices failureNotices();

    /** {@code coursestream.payments.state-machine.pending-webhooks.*}: webhooks that come before their transaction. */
    interface PendingWebhooks {

        /** How long (stream time) one waits for its PaymentInitiated before it is dropped. */
        @WithDefault("PT24H")
        Duration maxWait();

        /** Webhooks kept waiting per transaction; more are dropped. */
        @WithDefault("20")
        int maxPerTransaction();

        /** How often (wall clock) each task drops the ones waited out. */
        @WithDefault("PT1M")
        Duration scanInterval();
    }

    /** {@code coursestream.payments.state-machine.audit.*}. */
    interface Audit {

        /** Refused steps and confirmations kept in a transaction's history; accepted ones are always kept. */
        @WithDefault("50")
        int maxUnappliedSteps();
    }

    /** {@code coursestream.payments.state-machine.failure-notices.*}. */
    interface FailureNotices {

        /** The workers' template of the buyer's mail. */
        @WithDefault("payment-failed")
        String buyerTemplate();

        /** Severity of the admin alert of a decline (a dead-lettered payment is always CRITICAL). */
        @WithDefault("WARNING")
        AlertSeverity declineSeverity();
    }

    /**
     * These settings for the payment topology.
     *
     * @throws IllegalArgumentException for an invalid value, naming the prefix
     */
    default PaymentSettings settings() {
        try {
            return new PaymentSettings(
                    new PaymentSettings.PendingWebhooks(pendingWebhooks().maxWait(),
                            pendingWebhooks().maxPerTransaction(), pendingWebhooks().scanInterval()),
                    new PaymentSettings.Audit(audit().maxUnappliedSteps()),
                    new PaymentSettings.FailureNotices(failureNotices().buyerTemplate(),
                            failureNotices().declineSeverity()));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("coursestream.payments.state-machine: " + e.getMessage(), e);
        }
    }
}
