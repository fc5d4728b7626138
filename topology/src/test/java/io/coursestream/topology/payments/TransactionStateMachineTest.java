// Tier: unit test of the payment state machine's rules (no Kafka).
package io.coursestream.topology.payments;

import static io.coursestream.schemas.payments.PaymentStatus.FAILED;
import static io.coursestream.schemas.payments.PaymentStatus.INITIATED;
import static io.coursestream.schemas.payments.PaymentStatus.PARTIALLY_REFUNDED;
import static io.coursestream.schemas.payments.PaymentStatus.PROCESSING;
import static io.coursestream.schemas.payments.PaymentStatus.REFUNDED;
import static io.coursestream.schemas.payments.PaymentStatus.REQUIRES_ACTION;
import static io.coursestream.schemas.payments.PaymentStatus.SUCCEEDED;
import static io.coursestream.schemas.payments.PaymentStatus.UNKNOWN;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

import io.coursestream.schemas.payments.PaymentStatus;
import io.coursestream.schemas.payments.Transaction;
import io.coursestream.topology.testing.InputEvents;
import io.coursestream.topology.testing.PaymentFixtures;

class TransactionStateMachineTest {

    private static final Instant T0 = Instant.parse("2026-03-02T10:00:00Z");

    private final TransactionStateMachine machine = new TransactionStateMachine(PaymentSettings.Audit.DEFAULTS);

    @ParameterizedTest
    @EnumSource(PaymentStatus.class)
    void shouldAllowExactlyTheDocumentedTransitions(PaymentStatus from) {
        // given
        Set<PaymentStatus> expected = switch (from) {
            case INITIATED -> EnumSet.of(PROCESSING, REQUIRES_ACTION, SUCCEEDED, FAILED);
            case PROCESSING -> EnumSet.of(REQUIRES_ACTION, SUCCEEDED, FAILED);
            case REQUIRES_ACTION -> EnumSet.of(PROCESSING, SUCCEEDED, FAILED);
            case SUCCEEDED -> EnumSet.of(PARTIALLY_REFUNDED, REFUNDED);
            case PARTIALLY_REFUNDED -> EnumSet.of(PARTIALLY_REFUNDED, REFUNDED);
            default -> EnumSet.noneOf(PaymentStatus.class);
        };

        // when
        Set<PaymentStatus> allowed = EnumSet.noneOf(PaymentStatus.class);
        for (PaymentStatus to : PaymentStatus.values()) {
            if (TransactionStateMachine.allowed(from, to)) {
                allowed.add(to);
            }
        }

        // then
        assertThat(allowed).isEqualTo(expected);
    }

    @ParameterizedTest
    @EnumSource(value = PaymentStatus.class, names = {"PROCESSING", "REQUIRES_ACTION", "SUCCEEDED", "FAILED"})
    void shouldAcceptEveryPaymentStepFromInitiated(PaymentStatus to) {
        // given
        Transaction initiated = initiated();

        // when
        var decision = machine.decide(initiated, worker(initiated, to, T0.plusSeconds(1)));

        // then
        assertThat(decision.outcome()).isEqualTo(TransactionStateMachine.Outcome.ACCEPTED);
        assertThat(decision.transaction().getStatus()).isEqualTo(to);
        assertThat(decision.transition().getFromStatus()).isEqualTo(INITIATED);
    }

    @ParameterizedTest
    @EnumSource(value = PaymentStatus.class, names = {"PROCESSING", "REQUIRES_ACTION", "FAILED"})
    void shouldNeverLeaveSucceededForAnotherPaymentStep(PaymentStatus to) {
        // given
        Transaction succeeded = machine.decide(initiated(), worker(initiated(), SUCCEEDED, T0.plusSeconds(1)))
                .transaction();

        // when
        var decision = machine.decide(succeeded, worker(succeeded, to, T0.plusSeconds(2)));

        // then
        assertThat(decision.outcome()).isEqualTo(TransactionStateMachine.Outcome.REFUSED);
        assertThat(decision.transaction().getStatus()).isEqualTo(SUCCEEDED);
        assertThat(decision.transition().getAccepted()).isFalse();
        assertThat(decision.capturedAfterFailure()).isFalse();
    }

    @Test
    void shouldFlagASucceededAfterFailedAsCapturedAfterFailure() {
        // given
        Transaction failed = machine.decide(initiated(), worker(initiated(), FAILED, T0.plusSeconds(1))).transaction();

        // when
        var decision = machine.decide(failed, worker(failed, SUCCEEDED, T0.plusSeconds(2)));

        // then
        assertThat(decision.outcome()).isEqualTo(TransactionStateMachine.Outcome.REFUSED);
        assertThat(decision.capturedAfterFailure()).isTrue();
        assertThat(decision.transaction().getStatus()).isEqualTo(FAILED);
    }

    @Test
    void shouldWaitWithAWebhookAndDropAWorkerAnswerForAnUnknownTransaction() {
        // given
        String transactionId = InputEvents.id();

        // when
        var webhook = machine.decide(null, PaymentStep.of(PaymentFixtures.webhook(transactionId, "evt_1", SUCCEEDED, T0)
                .build()));
        var answer = machine.decide(null, PaymentStep.of(PaymentFixtures.result(transactionId, SUCCEEDED, 1, T0)
                .build()));

        // then
        assertThat(webhook.outcome()).isEqualTo(TransactionStateMachine.Outcome.WAIT_FOR_INITIATION);
        assertThat(answer.outcome()).isEqualTo(TransactionStateMachine.Outcome.UNKNOWN_TRANSACTION);
    }

    @Test
    void shouldRecordTheCreationFromNoState() {
        // when
        Transaction transaction = initiated();

        // then
        assertThat(transaction.getHistory()).hasSize(1);
        assertThat(transaction.getHistory().get(0).getFromStatus()).isEqualTo(UNKNOWN);
        assertThat(transaction.getHistory().get(0).getAt()).isEqualTo(T0);
    }

    @Test
    void shouldFormatDocumentNumbersWithSeriesYearAndSixDigits() {
        assertThat(InvoiceNumbering.number("INV", 2026, 123)).isEqualTo("INV-2026-000123");
        assertThat(InvoiceNumbering.number("CN", 2027, 1)).isEqualTo("CN-2027-000001");
        assertThat(InvoiceNumbering.seriesKey("INV", 2026)).isEqualTo("INV-2026");
    }

    private Transaction initiated() {
        var initiated = PaymentFixtures.initiated("7a3c2f9e-4e55-4c1d-9d1e-1f6a3b2c9d00", 4_900L, T0);
        return machine.decide(null, PaymentStep.of(initiated)).transaction();
    }

    private static PaymentStep worker(Transaction transaction, PaymentStatus status, Instant at) {
        return PaymentStep.of(PaymentFixtures.result(transaction.getTransactionId(), status, 1, at).build());
    }
}
