// Tier: topology test (TopologyTestDriver, no broker).
package io.coursestream.topology.payments;

import static io.coursestream.topology.payments.PaymentDriver.T0;
import static io.coursestream.topology.payments.PaymentDriver.ofType;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.coursestream.schemas.common.Money;
import io.coursestream.schemas.invoices.InvoiceKind;
import io.coursestream.schemas.invoices.InvoiceNumberAssigned;
import io.coursestream.schemas.jobs.GenerateInvoice;
import io.coursestream.schemas.jobs.JobCommand;
import io.coursestream.schemas.jobs.JobQueue;
import io.coursestream.schemas.jobs.JobType;
import io.coursestream.schemas.payments.PaymentStatus;
import io.coursestream.schemas.payments.Transaction;
import io.coursestream.schemas.payments.TransactionTransition;
import io.coursestream.topology.testing.InputEvents;
import io.coursestream.topology.testing.PaymentFixtures;

/** Refunds and the gap-free invoice and credit-note numbers, per series and year, exactly once. */
class InvoiceNumbersTopologyTest {

    @TempDir
    Path stateDir;

    private PaymentDriver payments;

    @BeforeEach
    void setUp() {
        payments = new PaymentDriver(stateDir, PaymentSettings.DEFAULTS);
    }

    @AfterEach
    void tearDown() {
        payments.close();
    }

    @Test
    void shouldNumberAnInvoiceAndRequestItsGenerationWhenAPaymentSucceeds() {
        // given
        String transactionId = InputEvents.id();
        payments.initiate(PaymentFixtures.initiated(transactionId, 4_900L, T0));
        payments.drain();

        // when
        payments.answer(PaymentFixtures.result(transactionId, PaymentStatus.SUCCEEDED, 1, T0.plusSeconds(2)).build());

        // then
        var numbers = payments.numbers();
        assertThat(numbers).hasSize(1);
        assertThat(numbers.get(0).key).isEqualTo(transactionId);
        InvoiceNumberAssigned assigned = (InvoiceNumberAssigned) numbers.get(0).value;
        assertThat(assigned.getInvoiceNumber()).isEqualTo("INV-2026-000001");
        assertThat(assigned.getKind()).isEqualTo(InvoiceKind.INVOICE);
        assertThat(assigned.getSeries()).isEqualTo("INV");
        assertThat(assigned.getYear()).isEqualTo(2026);
        assertThat(assigned.getSequence()).isEqualTo(1L);
        assertThat(assigned.getGross().getAmountMinor()).isEqualTo(4_900L);
        assertThat(assigned.getReferencesInvoiceNumber()).isNull();
        List<JobCommand> jobs = payments.paymentJobs();
        assertThat(jobs).hasSize(1);
        JobCommand job = jobs.get(0);
        assertThat(job.getType()).isEqualTo(JobType.GENERATE_INVOICE);
        assertThat(job.getQueue()).isEqualTo(JobQueue.PAYMENTS);
        assertThat(job.getUniqueKey()).isEqualTo("INV-2026-000001");
        assertThat(job.getJobId()).isEqualTo(PaymentIds.generateInvoiceJobId("INV-2026-000001"));
        GenerateInvoice invoice = (GenerateInvoice) job.getPayload();
        assertThat(invoice.getInvoiceNumber()).isEqualTo("INV-2026-000001");
        assertThat(invoice.getBuyer().getEmail()).isEqualTo("ada@example.org");
        assertThat(invoice.getLineDescription()).isEqualTo("Kafka Streams in depth");
        assertThat(invoice.getGross().getAmountMinor()).isEqualTo(4_900L);
        assertThat(invoice.getPaymentReference()).isEqualTo(PaymentFixtures.reference(transactionId));
        assertThat(invoice.getPaidAt()).isEqualTo(T0.plusSeconds(2));
        assertThat(invoice.getIssuedAt()).isEqualTo(T0.plusSeconds(2));
        assertThat(invoice.getSendEmail()).isTrue();
        payments.results();
        payments.transactions();
        assertThat(payments.nothingElse()).isTrue();
    }

    @Test
    void shouldNumberInvoicesContiguouslyAcrossManyTransactions() {
        // given
        List<String> transactions = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            String transactionId = InputEvents.id();
            transactions.add(transactionId);
            payments.initiate(PaymentFixtures.initiated(transactionId, 1_000L + i, T0.plusSeconds(i)));
        }

        // when: they succeed in another order than they started, some by webhook, some by the worker
        for (int i = transactions.size() - 1; i >= 0; i--) {
            String transactionId = transactions.get(i);
            Instant at = T0.plusSeconds(100 + (transactions.size() - i));
            if (i % 2 == 0) {
                payments.answer(PaymentFixtures.result(transactionId, PaymentStatus.SUCCEEDED, 1, at).build());
            } else {
                payments.webhook(PaymentFixtures.webhook(transactionId, "evt_" + i, PaymentStatus.SUCCEEDED, at)
                        .build());
            }
        }

        // then
        List<InvoiceNumberAssigned> assigned = ofType(payments.numbers(), InvoiceNumberAssigned.class);
        assertThat(assigned).extracting(InvoiceNumberAssigned::getSequence)
                .containsExactlyElementsOf(sequence(1, 30));
        assertThat(assigned).extracting(InvoiceNumberAssigned::getTransactionId).doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(transactions);
        assertThat(assigned.get(29).getInvoiceNumber()).isEqualTo("INV-2026-000030");
        assertThat(payments.paymentJobs()).filteredOn(job -> job.getType() == JobType.GENERATE_INVOICE)
                .extracting(JobCommand::getUniqueKey).doesNotHaveDuplicates().hasSize(30);
    }

    @Test
    void shouldStartANewSeriesInTheYearOfTheSuccess() {
        // given
        String lastOf2026 = InputEvents.id();
        String firstOf2027 = InputEvents.id();
        String secondOf2027 = InputEvents.id();
        Instant newYear = Instant.parse("2027-01-01T00:00:00Z");
        payments.initiate(PaymentFixtures.initiated(lastOf2026, 100L, newYear.minusSeconds(60)));
        payments.initiate(PaymentFixtures.initiated(firstOf2027, 200L, newYear.minusSeconds(50)));
        payments.initiate(PaymentFixtures.initiated(secondOf2027, 300L, newYear.minusSeconds(40)));

        // when
        payments.answer(PaymentFixtures.result(lastOf2026, PaymentStatus.SUCCEEDED, 1, newYear.minusMillis(1)).build());
        payments.webhook(PaymentFixtures.webhook(firstOf2027, "evt_a", PaymentStatus.SUCCEEDED, newYear).build());
        payments.answer(PaymentFixtures.result(secondOf2027, PaymentStatus.SUCCEEDED, 1, newYear.plusSeconds(5))
                .build());

        // then
        assertThat(ofType(payments.numbers(), InvoiceNumberAssigned.class))
                .extracting(InvoiceNumberAssigned::getInvoiceNumber)
                .containsExactly("INV-2026-000001", "INV-2027-000001", "INV-2027-000002");
    }

    @Test
    void shouldIssueCreditNotesReferencingTheInvoiceForPartialAndFullRefunds() {
        // given
        String transactionId = paid(10_000L, T0);
        payments.drain();

        // when
        payments.refund(PaymentFixtures.refunded(transactionId, InputEvents.id(), 3_000L, T0.plusSeconds(600)));
        payments.refund(PaymentFixtures.refunded(transactionId, InputEvents.id(), 7_000L, T0.plusSeconds(700)));

        // then
        assertThat(payments.transactions()).extracting(record -> ((Transaction) record.value).getStatus())
                .containsExactly(PaymentStatus.PARTIALLY_REFUNDED, PaymentStatus.REFUNDED);
        Transaction stored = payments.stored(transactionId);
        assertThat(stored.getRefundedAmount().getAmountMinor()).isEqualTo(10_000L);
        assertThat(stored.getRefundIds()).hasSize(2);
        List<InvoiceNumberAssigned> creditNotes = ofType(payments.numbers(), InvoiceNumberAssigned.class);
        assertThat(creditNotes).extracting(InvoiceNumberAssigned::getInvoiceNumber)
                .containsExactly("CN-2026-000001", "CN-2026-000002");
        assertThat(creditNotes).allSatisfy(note -> {
            assertThat(note.getKind()).isEqualTo(InvoiceKind.CREDIT_NOTE);
            assertThat(note.getReferencesInvoiceNumber()).isEqualTo("INV-2026-000001");
            assertThat(note.getRefundId()).isNotNull();
        });
        assertThat(creditNotes).extracting(note -> note.getGross().getAmountMinor()).containsExactly(-3_000L, -7_000L);
        List<JobCommand> jobs = payments.paymentJobs();
        assertThat(jobs).extracting(JobCommand::getUniqueKey).containsExactly("CN-2026-000001", "CN-2026-000002");
        GenerateInvoice creditNote = (GenerateInvoice) jobs.get(0).getPayload();
        assertThat(creditNote.getKind()).isEqualTo(InvoiceKind.CREDIT_NOTE);
        assertThat(creditNote.getReferencesInvoiceNumber()).isEqualTo("INV-2026-000001");
        assertThat(creditNote.getGross().getAmountMinor()).isEqualTo(-3_000L);
        assertThat(creditNote.getPaidAt()).isEqualTo(T0.plusSeconds(600));
        assertThat(creditNote.getPaymentReference()).startsWith("re_");
        assertThat(payments.nothingElse()).isTrue();
    }

    @Test
    void shouldNumberACreditNoteInTheYearOfTheRefundAgainstLastYearsInvoice() {
        // given
        String transactionId = paid(5_000L, Instant.parse("2026-12-30T12:00:00Z"));
        payments.drain();

        // when
        payments.refund(PaymentFixtures.refunded(transactionId, InputEvents.id(), 5_000L,
                Instant.parse("2027-01-03T09:00:00Z")));

        // then
        InvoiceNumberAssigned creditNote = ofType(payments.numbers(), InvoiceNumberAssigned.class).get(0);
        assertThat(creditNote.getInvoiceNumber()).isEqualTo("CN-2027-000001");
        assertThat(creditNote.getReferencesInvoiceNumber()).isEqualTo("INV-2026-000001");
    }

    @Test
    void shouldRefuseARefundOfMoreThanIsLeftAndIssueNoCreditNote() {
        // given
        String transactionId = paid(10_000L, T0);
        payments.refund(PaymentFixtures.refunded(transactionId, InputEvents.id(), 6_000L, T0.plusSeconds(600)));
        payments.drain();

        // when
        payments.refund(PaymentFixtures.refunded(transactionId, InputEvents.id(), 4_001L, T0.plusSeconds(700)));

        // then
        Transaction stored = payments.stored(transactionId);
        assertThat(stored.getStatus()).isEqualTo(PaymentStatus.PARTIALLY_REFUNDED);
        assertThat(stored.getRefundedAmount().getAmountMinor()).isEqualTo(6_000L);
        TransactionTransition refused = stored.getHistory().get(stored.getHistory().size() - 1);
        assertThat(refused.getAccepted()).isFalse();
        assertThat(refused.getRefusalReason()).isEqualTo("refund of 4001 exceeds the refundable 4000 EUR");
        assertThat(payments.nothingElse()).isTrue();
    }

    @Test
    void shouldRefuseARefundOfAPaymentThatDidNotSucceed() {
        // given
        String transactionId = InputEvents.id();
        payments.initiate(PaymentFixtures.initiated(transactionId, 4_900L, T0));
        payments.drain();

        // when
        payments.refund(PaymentFixtures.refunded(transactionId, InputEvents.id(), 100L, T0.plusSeconds(5)));

        // then
        Transaction stored = payments.stored(transactionId);
        assertThat(stored.getStatus()).isEqualTo(PaymentStatus.INITIATED);
        assertThat(stored.getHistory().get(1).getRefusalReason())
                .isEqualTo("only a succeeded payment can be refunded, the transaction is INITIATED");
        assertThat(payments.nothingElse()).isTrue();
    }

    @Test
    void shouldApplyARefundIdOnlyOnceAndTakeTheProvidersRefundEventAsConfirmation() {
        // given
        String transactionId = paid(10_000L, T0);
        String refundId = InputEvents.id();
        payments.refund(PaymentFixtures.refunded(transactionId, refundId, 2_500L, T0.plusSeconds(600)));
        payments.drain();

        // when: support sends the refund again (a new event id) and the provider reports it
        payments.refund(PaymentFixtures.refunded(transactionId, refundId, 2_500L, T0.plusSeconds(601)));
        payments.webhook(PaymentFixtures.webhook(transactionId, "evt_refund", PaymentStatus.PARTIALLY_REFUNDED,
                T0.plusSeconds(602)).setRefundedAmount(new Money(2_500L, "EUR")).build());

        // then
        Transaction stored = payments.stored(transactionId);
        assertThat(stored.getRefundedAmount().getAmountMinor()).isEqualTo(2_500L);
        assertThat(stored.getHistory().get(stored.getHistory().size() - 1).getRefusalReason())
                .isEqualTo("refunds confirmed by the provider");
        assertThat(payments.nothingElse()).isTrue();
    }

    @Test
    void shouldChangeNothingWhenEveryInputIsReplayed() {
        // given: a paid and partly refunded payment, a declined one, a dead-lettered one, early webhooks
        String paid = paid(10_000L, T0);
        payments.refund(PaymentFixtures.refunded(paid, InputEvents.id(), 1_000L, T0.plusSeconds(600)));
        String declined = InputEvents.id();
        payments.initiate(PaymentFixtures.initiated(declined, 4_900L, T0));
        payments.answer(PaymentFixtures.result(declined, PaymentStatus.FAILED, 1, T0.plusSeconds(3)).build());
        String deadLettered = InputEvents.id();
        payments.initiate(PaymentFixtures.initiated(deadLettered, 4_900L, T0));
        payments.processPaymentJobFailedFatally(deadLettered, 1, T0.plusSeconds(30));
        String early = InputEvents.id();
        payments.webhook(PaymentFixtures.webhook(early, "evt_early", PaymentStatus.REQUIRES_ACTION, T0.plusSeconds(1))
                .build());
        payments.initiate(PaymentFixtures.initiated(early, 4_900L, T0));
        Transaction paidBefore = payments.stored(paid);
        Transaction declinedBefore = payments.stored(declined);
        Transaction deadLetteredBefore = payments.stored(deadLettered);
        Transaction earlyBefore = payments.stored(early);
        payments.drain();

        // when
        payments.replayAll();

        // then
        assertThat(payments.results()).isEmpty();
        assertThat(payments.transactions()).isEmpty();
        assertThat(payments.numbers()).isEmpty();
        assertThat(payments.emailJobs()).isEmpty();
        assertThat(payments.paymentJobs()).isEmpty();
        assertThat(payments.alerts()).isEmpty();
        assertThat(payments.stored(paid)).isEqualTo(paidBefore);
        assertThat(payments.stored(declined)).isEqualTo(declinedBefore);
        assertThat(payments.stored(deadLettered)).isEqualTo(deadLetteredBefore);
        assertThat(payments.stored(early)).isEqualTo(earlyBefore);
    }

    /** A transaction of {@code amountMinor} EUR initiated and succeeded at {@code at}; its id. */
    private String paid(long amountMinor, Instant at) {
        String transactionId = InputEvents.id();
        payments.initiate(PaymentFixtures.initiated(transactionId, amountMinor, at));
        payments.answer(PaymentFixtures.result(transactionId, PaymentStatus.SUCCEEDED, 1, at.plusSeconds(2))
                .setAmount(new Money(amountMinor, "EUR")).build());
        return transactionId;
    }

    private static List<Long> sequence(long from, long to) {
        List<Long> values = new ArrayList<>();
        for (long i = from; i <= to; i++) {
            values.add(i);
        }
        return values;
    }
}
