// Tier: topology test (TopologyTestDriver, no broker).
package io.coursestream.topology.payments;

import static io.coursestream.topology.payments.PaymentDriver.T0;
import static io.coursestream.topology.payments.PaymentDriver.ofType;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.KeyValue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.coursestream.schemas.admin.AdminAlertRaised;
import io.coursestream.schemas.admin.AlertKind;
import io.coursestream.schemas.admin.AlertSeverity;
import io.coursestream.schemas.jobs.DeadLetterReason;
import io.coursestream.schemas.jobs.DeadLetteredJob;
import io.coursestream.schemas.jobs.JobCommand;
import io.coursestream.schemas.jobs.JobDeadLettered;
import io.coursestream.schemas.jobs.JobQueue;
import io.coursestream.schemas.jobs.JobType;
import io.coursestream.schemas.jobs.ProcessPayment;
import io.coursestream.schemas.jobs.SendNotification;
import io.coursestream.schemas.notifications.NotificationCategory;
import io.coursestream.schemas.notifications.NotificationChannel;
import io.coursestream.schemas.payments.PaymentFailed;
import io.coursestream.schemas.payments.PaymentInitiated;
import io.coursestream.schemas.payments.PaymentProcessed;
import io.coursestream.schemas.payments.PaymentStatus;
import io.coursestream.schemas.payments.PaymentSucceeded;
import io.coursestream.schemas.payments.Transaction;
import io.coursestream.schemas.payments.TransactionTransition;
import io.coursestream.topology.testing.InputEvents;
import io.coursestream.topology.testing.PaymentFixtures;

/** The payment state machine: every transition, allowed and refused, reconciliation, final failures. */
class PaymentStateMachineTopologyTest {

    @TempDir
    Path stateDir;

    private PaymentDriver payments;
    private String transactionId;

    @BeforeEach
    void setUp() {
        payments = new PaymentDriver(stateDir, PaymentSettings.DEFAULTS);
        transactionId = InputEvents.id();
    }

    @AfterEach
    void tearDown() {
        payments.close();
    }

    @Test
    void shouldOpenTheTransactionAndRequestOneProcessPaymentJob() {
        // given
        PaymentInitiated initiated = PaymentFixtures.initiated(transactionId, 4_900L, T0);

        // when
        payments.initiate(initiated);

        // then
        List<JobCommand> jobs = payments.paymentJobs();
        assertThat(jobs).hasSize(1);
        JobCommand job = jobs.get(0);
        assertThat(job.getJobId()).isEqualTo(PaymentIds.processPaymentJobId(transactionId));
        assertThat(job.getType()).isEqualTo(JobType.PROCESS_PAYMENT);
        assertThat(job.getQueue()).isEqualTo(JobQueue.PAYMENTS);
        assertThat(job.getUniqueKey()).isEqualTo(transactionId);
        assertThat(job.getCorrelationId()).isEqualTo(initiated.getMetadata().getCorrelationId());
        ProcessPayment payload = (ProcessPayment) job.getPayload();
        assertThat(payload.getIdempotencyKey()).isEqualTo("payment-" + transactionId);
        assertThat(payload.getAmount()).isEqualTo(initiated.getAmount());
        assertThat(payload.getPaymentMethodReference()).isEqualTo("pm_card_visa");
        Transaction transaction = onlyTransaction();
        assertThat(transaction.getStatus()).isEqualTo(PaymentStatus.INITIATED);
        assertThat(transaction.getRefundedAmount().getAmountMinor()).isZero();
        assertThat(transaction.getHistory()).extracting(TransactionTransition::getToStatus)
                .containsExactly(PaymentStatus.INITIATED);
        assertThat(payments.nothingElse()).isTrue();
    }

    @Test
    void shouldSucceedWhenTheWorkerSaysSoAndTheWebhookConfirms() {
        // given
        payments.initiate(PaymentFixtures.initiated(transactionId, 4_900L, T0));
        payments.drain();

        // when
        payments.answer(PaymentFixtures.result(transactionId, PaymentStatus.SUCCEEDED, 1, T0.plusSeconds(2)).build());
        payments.webhook(PaymentFixtures.webhook(transactionId, "evt_1", PaymentStatus.SUCCEEDED, T0.plusSeconds(3))
                .build());

        // then
        List<KeyValue<String, SpecificRecord>> results = payments.results();
        assertThat(results).hasSize(1);
        PaymentSucceeded succeeded = (PaymentSucceeded) results.get(0).value;
        assertThat(results.get(0).key).isEqualTo(transactionId);
        assertThat(succeeded.getProviderReference()).isEqualTo(PaymentFixtures.reference(transactionId));
        assertThat(succeeded.getSucceededAt()).isEqualTo(T0.plusSeconds(2));
        assertThat(succeeded.getAmount().getAmountMinor()).isEqualTo(4_900L);
        assertThat(onlyTransaction().getStatus()).isEqualTo(PaymentStatus.SUCCEEDED);
        assertThat(payments.numbers()).hasSize(1);
        assertThat(payments.paymentJobs()).extracting(JobCommand::getType).containsExactly(JobType.GENERATE_INVOICE);
        Transaction stored = payments.stored(transactionId);
        TransactionTransition confirmation = stored.getHistory().get(stored.getHistory().size() - 1);
        assertThat(confirmation.getAccepted()).isFalse();
        assertThat(confirmation.getSourceEventId()).isEqualTo("evt_1");
        assertThat(confirmation.getRefusalReason()).isEqualTo("already SUCCEEDED");
        assertThat(payments.nothingElse()).isTrue();
    }

    @Test
    void shouldPublishEveryNonFinalStepThroughRequiresActionAndProcessingToSucceeded() {
        // given
        payments.initiate(PaymentFixtures.initiated(transactionId, 4_900L, T0));
        payments.drain();

        // when
        payments.answer(PaymentFixtures.result(transactionId, PaymentStatus.PROCESSING, 1, T0.plusSeconds(1)).build());
        payments.answer(PaymentFixtures.result(transactionId, PaymentStatus.REQUIRES_ACTION, 1, T0.plusSeconds(2))
                .build());
        payments.webhook(PaymentFixtures.webhook(transactionId, "evt_processing", PaymentStatus.PROCESSING,
                T0.plusSeconds(60)).build());
        payments.webhook(PaymentFixtures.webhook(transactionId, "evt_succeeded", PaymentStatus.SUCCEEDED,
                T0.plusSeconds(61)).build());

        // then
        List<KeyValue<String, SpecificRecord>> results = payments.results();
        List<PaymentProcessed> steps = ofType(results, PaymentProcessed.class);
        assertThat(steps).extracting(PaymentProcessed::getStatus).containsExactly(PaymentStatus.PROCESSING,
                PaymentStatus.REQUIRES_ACTION, PaymentStatus.PROCESSING);
        assertThat(steps.get(1).getNextActionUrl()).isEqualTo("https://hooks.stripe.test/3ds/" + transactionId);
        assertThat(steps.get(0).getNextActionUrl()).isNull();
        assertThat(ofType(results, PaymentSucceeded.class)).hasSize(1);
        assertThat(results).hasSize(4);
        assertThat(payments.transactions()).extracting(record -> ((Transaction) record.value).getStatus())
                .containsExactly(PaymentStatus.PROCESSING, PaymentStatus.REQUIRES_ACTION, PaymentStatus.PROCESSING,
                        PaymentStatus.SUCCEEDED);
        Transaction stored = payments.stored(transactionId);
        assertThat(stored.getLastProviderEventId()).isEqualTo("evt_succeeded");
        assertThat(stored.getHistory()).allMatch(TransactionTransition::getAccepted).hasSize(5);
    }

    @Test
    void shouldEndSucceededWhenTheSucceededWebhookArrivesBeforeTheWorkersProcessing() {
        // given
        payments.initiate(PaymentFixtures.initiated(transactionId, 4_900L, T0));
        payments.drain();

        // when
        payments.webhook(PaymentFixtures.webhook(transactionId, "evt_succeeded", PaymentStatus.SUCCEEDED,
                T0.plusSeconds(5)).build());
        payments.answer(PaymentFixtures.result(transactionId, PaymentStatus.PROCESSING, 1, T0.plusSeconds(3)).build());

        // then
        assertThat(payments.results()).extracting(record -> record.value.getClass().getSimpleName())
                .containsExactly("PaymentSucceeded");
        assertThat(onlyTransaction().getStatus()).isEqualTo(PaymentStatus.SUCCEEDED);
        TransactionTransition refused = last(payments.stored(transactionId));
        assertThat(refused.getAccepted()).isFalse();
        assertThat(refused.getFromStatus()).isEqualTo(PaymentStatus.SUCCEEDED);
        assertThat(refused.getToStatus()).isEqualTo(PaymentStatus.PROCESSING);
        assertThat(refused.getRefusalReason())
                .isEqualTo("final state SUCCEEDED never goes back (asked for PROCESSING)");
        assertThat(refused.getTrigger()).isEqualTo("ProviderPaymentResult");
        payments.numbers();
        payments.paymentJobs();
        assertThat(payments.nothingElse()).isTrue();
    }

    @Test
    void shouldApplyTheSameProviderEventOnlyOnce() {
        // given
        payments.initiate(PaymentFixtures.initiated(transactionId, 4_900L, T0));
        payments.drain();
        var webhook = PaymentFixtures.webhook(transactionId, "evt_processing", PaymentStatus.PROCESSING,
                T0.plusSeconds(5));

        // when: the gateway published the same provider event twice, under two event ids
        payments.webhook(webhook.build());
        payments.webhook(webhook.setMetadata(InputEvents.metadata(T0.plusSeconds(7))).build());

        // then
        assertThat(payments.results()).hasSize(1);
        assertThat(payments.transactions()).hasSize(1);
        assertThat(payments.stored(transactionId).getHistory()).extracting(TransactionTransition::getSourceEventId)
                .containsOnlyOnce("evt_processing");
        assertThat(payments.nothingElse()).isTrue();
    }

    @Test
    void shouldRefuseANonFinalWebhookOlderThanTheLastOneApplied() {
        // given
        payments.initiate(PaymentFixtures.initiated(transactionId, 4_900L, T0));
        payments.webhook(PaymentFixtures.webhook(transactionId, "evt_2", PaymentStatus.PROCESSING, T0.plusSeconds(20))
                .build());
        payments.drain();

        // when: the requires_action the provider created before it arrives late
        payments.webhook(PaymentFixtures.webhook(transactionId, "evt_1", PaymentStatus.REQUIRES_ACTION,
                T0.plusSeconds(10)).build());

        // then
        assertThat(payments.stored(transactionId).getStatus()).isEqualTo(PaymentStatus.PROCESSING);
        TransactionTransition refused = last(payments.stored(transactionId));
        assertThat(refused.getAccepted()).isFalse();
        assertThat(refused.getRefusalReason()).startsWith("stale: ");
        assertThat(payments.nothingElse()).isTrue();
    }

    @Test
    void shouldRefuseAFailedAfterASucceededAndKeepItInTheHistory() {
        // given
        payments.initiate(PaymentFixtures.initiated(transactionId, 4_900L, T0));
        payments.answer(PaymentFixtures.result(transactionId, PaymentStatus.SUCCEEDED, 1, T0.plusSeconds(2)).build());
        payments.drain();

        // when
        payments.webhook(PaymentFixtures.webhook(transactionId, "evt_failed", PaymentStatus.FAILED, T0.plusSeconds(9))
                .build());

        // then
        Transaction stored = payments.stored(transactionId);
        assertThat(stored.getStatus()).isEqualTo(PaymentStatus.SUCCEEDED);
        assertThat(stored.getFailureCode()).isNull();
        TransactionTransition refused = last(stored);
        assertThat(refused.getAccepted()).isFalse();
        assertThat(refused.getToStatus()).isEqualTo(PaymentStatus.FAILED);
        assertThat(refused.getTrigger()).isEqualTo("PaymentWebhookReceived:payment_intent.payment_failed");
        assertThat(payments.nothingElse()).isTrue();
    }

    @Test
    void shouldRefuseAStepTheMachineHasNoTransitionFor() {
        // given
        payments.initiate(PaymentFixtures.initiated(transactionId, 4_900L, T0));
        payments.drain();

        // when: a provider event our gateway mapped to INITIATED
        payments.webhook(PaymentFixtures.webhook(transactionId, "evt_created", PaymentStatus.INITIATED,
                T0.plusSeconds(1)).build());
        payments.initiate(PaymentFixtures.initiated(transactionId, 4_900L, T0.plusSeconds(2)));

        // then
        Transaction stored = payments.stored(transactionId);
        assertThat(stored.getStatus()).isEqualTo(PaymentStatus.INITIATED);
        assertThat(stored.getHistory()).extracting(TransactionTransition::getRefusalReason)
                .containsExactly(null, "not a payment step: INITIATED", "transaction already initiated");
        assertThat(payments.nothingElse()).isTrue();
    }

    @Test
    void shouldFailOnTheWorkersDeclineAndTellTheBuyerAndTheAdmins() {
        // given
        payments.initiate(PaymentFixtures.initiated(transactionId, 4_900L, T0));
        payments.drain();

        // when
        payments.answer(PaymentFixtures.result(transactionId, PaymentStatus.FAILED, 1, T0.plusSeconds(2))
                .setProviderReference(null).build());

        // then
        List<KeyValue<String, SpecificRecord>> results = payments.results();
        assertThat(results).hasSize(1);
        PaymentFailed failed = (PaymentFailed) results.get(0).value;
        assertThat(failed.getFinalFailure()).isTrue();
        assertThat(failed.getRetriable()).isFalse();
        assertThat(failed.getCode()).isEqualTo("card_declined");
        assertThat(failed.getReason()).isEqualTo("Your card was declined.");
        assertThat(failed.getProviderReference()).isNull();
        assertThat(onlyTransaction().getStatus()).isEqualTo(PaymentStatus.FAILED);
        SendNotification notice = onlyNotice();
        assertThat(notice.getNotificationId()).isEqualTo("payment-failed:" + transactionId);
        assertThat(notice.getCategory()).isEqualTo(NotificationCategory.BILLING);
        assertThat(notice.getChannel()).isEqualTo(NotificationChannel.EMAIL);
        assertThat(notice.getCritical()).isTrue();
        assertThat(notice.getEmail()).isEqualTo("ada@example.org");
        assertThat(notice.getLocaleSettings().getLocale()).isEqualTo("de-DE");
        assertThat(notice.getTemplateParams()).containsEntry("code", "card_declined")
                .containsEntry("amountMinor", "4900");
        AdminAlertRaised alert = onlyAlert();
        assertThat(alert.getDedupeKey()).isEqualTo("payment-failed:" + transactionId);
        assertThat(alert.getSeverity()).isEqualTo(AlertSeverity.WARNING);
        assertThat(alert.getKind()).isEqualTo(AlertKind.OTHER);
        assertThat(alert.getAttributes()).containsEntry("transactionId", transactionId);
        assertThat(payments.nothingElse()).isTrue();
    }

    @Test
    void shouldFailForGoodWhenTheProcessPaymentJobIsDeadLettered() {
        // given
        payments.initiate(PaymentFixtures.initiated(transactionId, 4_900L, T0));
        payments.drain();

        // when
        payments.processPaymentJobFailedFatally(transactionId, 1, T0.plusSeconds(30));

        // then
        List<KeyValue<String, SpecificRecord>> results = payments.results();
        assertThat(results).hasSize(1);
        PaymentFailed failed = (PaymentFailed) results.get(0).value;
        assertThat(failed.getFinalFailure()).isTrue();
        assertThat(failed.getCode()).isEqualTo("invalid_request");
        assertThat(failed.getAttempt()).isEqualTo(1);
        assertThat(failed.getReason()).contains("FATAL_ERROR").contains("invalid currency");
        Transaction transaction = onlyTransaction();
        assertThat(transaction.getStatus()).isEqualTo(PaymentStatus.FAILED);
        assertThat(last(transaction).getTrigger()).isEqualTo("JobDeadLettered");
        assertThat(onlyNotice().getNotificationId()).isEqualTo("payment-failed:" + transactionId);
        List<AdminAlertRaised> alerts = ofType(payments.alerts(), AdminAlertRaised.class);
        assertThat(alerts).extracting(AdminAlertRaised::getSource)
                .containsExactlyInAnyOrder("jobs-scheduler", PaymentEvents.ALERT_SOURCE);
        AdminAlertRaised ours = alerts.stream().filter(alert -> alert.getSource().equals(PaymentEvents.ALERT_SOURCE))
                .findFirst().orElseThrow();
        assertThat(ours.getSeverity()).isEqualTo(AlertSeverity.CRITICAL);
        assertThat(ours.getKind()).isEqualTo(AlertKind.JOB_DEAD_LETTERED);
        assertThat(ours.getJobId()).isEqualTo(PaymentIds.processPaymentJobId(transactionId));
        assertThat(ours.getDedupeKey()).isEqualTo("payment-failed:" + transactionId);
        assertThat(payments.nothingElse()).isTrue();
    }

    @Test
    void shouldApplyADeadLetterReadTwiceOnce() {
        // given a transaction failed for good by its job's dead letter
        payments.initiate(PaymentFixtures.initiated(transactionId, 4_900L, T0));
        payments.drain();
        payments.processPaymentJobFailedFatally(transactionId, 1, T0.plusSeconds(30));
        List<DeadLetteredJob> deadLetters = payments.deadLetters();
        assertThat(deadLetters).hasSize(1);
        Transaction failed = payments.stored(transactionId);
        payments.drain();

        // when the dead letter is read again
        payments.redeliver(deadLetters.get(0));

        // then it is the same step: nothing changes, nothing is written
        assertThat(payments.stored(transactionId)).isEqualTo(failed);
        assertThat(failed.getHistory()).filteredOn(step -> step.getTrigger().equals("JobDeadLettered")).hasSize(1);
        assertThat(payments.nothingElse()).isTrue();
    }

    @Test
    void shouldFailTransactionsOnlyForTheDeadLettersOfTheirPaymentJobs() {
        // given a transaction failed by its job's dead letter, the mail job of its failure notice, and another
        // transaction pending
        payments.initiate(PaymentFixtures.initiated(transactionId, 4_900L, T0));
        payments.processPaymentJobFailedFatally(transactionId, 1, T0.plusSeconds(30));
        DeadLetteredJob paymentJob = payments.deadLetters().get(0);
        JobCommand notice = payments.emailJobs().get(0);
        String other = InputEvents.id();
        payments.initiate(PaymentFixtures.initiated(other, 1_000L, T0));
        Transaction failed = payments.stored(transactionId);
        Transaction pending = payments.stored(other);
        payments.drain();

        // when the notice's mail job is dead-lettered too
        payments.redeliver(DeadLetteredJob.newBuilder(paymentJob).setCommand(notice).build());

        // then no transaction takes it
        assertThat(payments.stored(transactionId)).isEqualTo(failed);
        assertThat(payments.stored(other)).isEqualTo(pending);
        assertThat(payments.nothingElse()).isTrue();
    }

    @Test
    void shouldFailForGoodFromADeadLetterAnEarlierVersionLeftInTheRepartitionTopic() {
        // given
        payments.initiate(PaymentFixtures.initiated(transactionId, 4_900L, T0));
        payments.drain();
        JobDeadLettered deadLettered = JobDeadLettered.newBuilder()
                .setMetadata(InputEvents.metadata(T0.plusSeconds(30)))
                .setJobId(PaymentIds.processPaymentJobId(transactionId)).setType(JobType.PROCESS_PAYMENT)
                .setQueue(JobQueue.PAYMENTS).setAttempt(4).setReason(DeadLetterReason.RETRIES_EXHAUSTED)
                .setLastError(null)
                .build();

        // when
        payments.deadLetteredBeforeStop22(transactionId, deadLettered);

        // then
        PaymentFailed failed = (PaymentFailed) payments.results().get(0).value;
        assertThat(failed.getFinalFailure()).isTrue();
        assertThat(failed.getCode()).isEqualTo("provider_unavailable");
        assertThat(failed.getAttempt()).isEqualTo(4);
        Transaction transaction = onlyTransaction();
        assertThat(transaction.getStatus()).isEqualTo(PaymentStatus.FAILED);
        assertThat(last(transaction).getTrigger()).isEqualTo("JobDeadLettered");
    }

    @Test
    void shouldKeepASucceededTransactionWhenItsJobIsDeadLetteredLate() {
        // given: the provider's webhook said succeeded while the worker could not get an answer
        payments.initiate(PaymentFixtures.initiated(transactionId, 4_900L, T0));
        payments.webhook(PaymentFixtures.webhook(transactionId, "evt_succeeded", PaymentStatus.SUCCEEDED,
                T0.plusSeconds(5)).build());
        payments.drain();

        // when
        payments.processPaymentJobFailedFatally(transactionId, 1, T0.plusSeconds(30));

        // then
        Transaction stored = payments.stored(transactionId);
        assertThat(stored.getStatus()).isEqualTo(PaymentStatus.SUCCEEDED);
        assertThat(last(stored).getTrigger()).isEqualTo("JobDeadLettered");
        assertThat(last(stored).getAccepted()).isFalse();
        assertThat(payments.results()).isEmpty();
        assertThat(payments.emailJobs()).isEmpty();
        assertThat(ofType(payments.alerts(), AdminAlertRaised.class)).extracting(AdminAlertRaised::getSource)
                .containsExactly("jobs-scheduler");
        assertThat(payments.nothingElse()).isTrue();
    }

    @Test
    void shouldAlertWhenTheProviderCapturesMoneyAfterTheTransactionFailed() {
        // given
        payments.initiate(PaymentFixtures.initiated(transactionId, 4_900L, T0));
        payments.answer(PaymentFixtures.result(transactionId, PaymentStatus.FAILED, 1, T0.plusSeconds(2)).build());
        payments.drain();

        // when
        payments.webhook(PaymentFixtures.webhook(transactionId, "evt_late", PaymentStatus.SUCCEEDED, T0.plusSeconds(9))
                .build());

        // then
        assertThat(payments.stored(transactionId).getStatus()).isEqualTo(PaymentStatus.FAILED);
        AdminAlertRaised alert = onlyAlert();
        assertThat(alert.getSeverity()).isEqualTo(AlertSeverity.CRITICAL);
        assertThat(alert.getDedupeKey()).isEqualTo("payment-captured-after-failure:" + transactionId);
        assertThat(alert.getTitle()).contains("captured after it had failed");
        assertThat(payments.nothingElse()).isTrue();
    }

    @Test
    void shouldHoldAWebhookForAnUnknownTransactionUntilItIsInitiated() {
        // given
        payments.webhook(PaymentFixtures.webhook(transactionId, "evt_processing", PaymentStatus.PROCESSING,
                T0.plusSeconds(2)).build());
        payments.webhook(PaymentFixtures.webhook(transactionId, "evt_succeeded", PaymentStatus.SUCCEEDED,
                T0.plusSeconds(3)).build());
        assertThat(payments.nothingElse()).isTrue();

        // when
        payments.initiate(PaymentFixtures.initiated(transactionId, 4_900L, T0));

        // then
        assertThat(payments.results()).extracting(record -> record.value.getClass().getSimpleName())
                .containsExactly("PaymentProcessed", "PaymentSucceeded");
        assertThat(payments.transactions()).extracting(record -> ((Transaction) record.value).getStatus())
                .containsExactly(PaymentStatus.INITIATED, PaymentStatus.PROCESSING, PaymentStatus.SUCCEEDED);
        assertThat(payments.paymentJobs()).extracting(JobCommand::getType)
                .containsExactlyInAnyOrder(JobType.PROCESS_PAYMENT, JobType.GENERATE_INVOICE);
        assertThat(payments.numbers()).hasSize(1);
        assertThat(payments.nothingElse()).isTrue();
    }

    @Test
    void shouldDropAWaitingWebhookAfterTheMaximumWait() {
        // given
        payments.webhook(PaymentFixtures.webhook(transactionId, "evt_succeeded", PaymentStatus.SUCCEEDED, T0).build());

        // when: stream time passes the maximum wait before the transaction shows up
        String other = InputEvents.id();
        payments.initiate(PaymentFixtures.initiated(other, 100L, T0.plus(PaymentSettings.PendingWebhooks.DEFAULTS
                .maxWait()).plusSeconds(120)));
        payments.drain();
        payments.initiate(PaymentFixtures.initiated(transactionId, 4_900L,
                T0.plus(PaymentSettings.PendingWebhooks.DEFAULTS.maxWait()).plusSeconds(180)));

        // then
        assertThat(payments.stored(transactionId).getStatus()).isEqualTo(PaymentStatus.INITIATED);
        assertThat(payments.results()).isEmpty();
        assertThat(payments.transactions()).hasSize(1);
        assertThat(payments.paymentJobs()).hasSize(1);
        assertThat(payments.nothingElse()).isTrue();
    }

    @Test
    void shouldDropAWorkerAnswerForATransactionThatWasNeverInitiated() {
        // when
        payments.answer(PaymentFixtures.result(transactionId, PaymentStatus.SUCCEEDED, 1, T0).build());

        // then
        assertThat(payments.stored(transactionId)).isNull();
        assertThat(payments.nothingElse()).isTrue();
    }

    @Test
    void shouldKeepRefusedStepsOnlyUpToTheAuditLimit() {
        // given
        payments.close();
        payments = new PaymentDriver(stateDir.resolve("audit"), PaymentSettings.DEFAULTS
                .withAudit(new PaymentSettings.Audit(2)));
        payments.initiate(PaymentFixtures.initiated(transactionId, 4_900L, T0));
        payments.answer(PaymentFixtures.result(transactionId, PaymentStatus.FAILED, 1, T0.plusSeconds(1)).build());

        // when
        for (int i = 0; i < 5; i++) {
            payments.webhook(PaymentFixtures.webhook(transactionId, "evt_" + i, PaymentStatus.PROCESSING,
                    T0.plusSeconds(10 + i)).build());
        }

        // then
        Transaction stored = payments.stored(transactionId);
        assertThat(stored.getHistory()).hasSize(4);
        assertThat(stored.getHistory()).filteredOn(step -> !step.getAccepted()).hasSize(2);
    }

    private Transaction onlyTransaction() {
        List<KeyValue<String, SpecificRecord>> transactions = payments.transactions();
        assertThat(transactions).hasSize(1);
        assertThat(transactions.get(0).key).isEqualTo(transactionId);
        return (Transaction) transactions.get(0).value;
    }

    private SendNotification onlyNotice() {
        List<JobCommand> emails = payments.emailJobs();
        assertThat(emails).hasSize(1);
        assertThat(emails.get(0).getType()).isEqualTo(JobType.SEND_NOTIFICATION);
        return (SendNotification) emails.get(0).getPayload();
    }

    private AdminAlertRaised onlyAlert() {
        List<KeyValue<String, SpecificRecord>> alerts = payments.alerts();
        assertThat(alerts).hasSize(1);
        return (AdminAlertRaised) alerts.get(0).value;
    }

    private static TransactionTransition last(Transaction transaction) {
        return transaction.getHistory().get(transaction.getHistory().size() - 1);
    }
}
