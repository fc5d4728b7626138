// Tier: system IT (the stream processor as a process, killed with SIGKILL while it works, on the shared test broker)
package io.coursestream.systemtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.coursestream.schemas.invoices.InvoiceKind;
import io.coursestream.schemas.invoices.InvoiceNumberAssigned;
import io.coursestream.schemas.payments.PaymentStatus;
import io.coursestream.schemas.payments.PaymentSucceeded;
import io.coursestream.schemas.topics.Topics;
import io.coursestream.testkit.TestEnvironment;
import io.coursestream.topology.testing.PaymentFixtures;

/**
 * Gap-free invoice numbers under crashes: 3,000 payments are initiated and answered SUCCEEDED (as the payment worker
 * answers) while the processor process is killed with SIGKILL again and again, each time restarted on its state
 * directory. Afterwards every payment succeeded once and has exactly one invoice number, and the numbers of the year's
 * invoice series, read committed from {@code invoices.invoice-numbers}, are 1 to N with none missing and none twice.
 */
class InvoiceNumbersCrashSystemIT {

    private static final int PAYMENTS = 3_000;
    private static final int KILLS = 3;
    /** Worker answers the processor commits between its (re)start and the next kill. */
    private static final long PROGRESS_BETWEEN_KILLS = 300;
    /** The producer stays at most this many payments ahead of what the processor committed. */
    private static final long PRODUCER_LEAD = 300;
    private static final Duration TIMEOUT = Duration.ofSeconds(180);

    @TempDir
    Path stateDir;

    @Test
    void shouldNumberEveryInvoiceOnceWithoutGapsAcrossRepeatedKills() throws Exception {
        TestEnvironment env = TestEnvironment.get();
        Instant start = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        List<String> transactions = new ArrayList<>();
        for (int i = 0; i < PAYMENTS; i++) {
            transactions.add(UUID.randomUUID().toString());
        }
        AtomicInteger sent = new AtomicInteger();
        try (Applications apps = Applications.processors(env, stateDir, 1); Admin admin = env.newAdmin();
                KafkaProducer<String, SpecificRecord> producer = LearningEvents.producer(env);
                Journal journal = new Journal(env, List.of(Topics.INVOICE_NUMBERS.name(),
                        Topics.PAYMENT_RESULTS.name()))) {
            // given the payments initiated by checkout
            for (int i = 0; i < PAYMENTS; i++) {
                producer.send(new ProducerRecord<>(Topics.PAYMENT_EVENTS.name(), transactions.get(i),
                        PaymentFixtures.initiated(transactions.get(i), 4_900L, start.plusMillis(i))));
            }
            producer.flush();
            ProcessorProgress progress = new ProcessorProgress(admin);
            progress.awaitCommitted(Topics.PAYMENT_EVENTS.name(), TIMEOUT);

            // when the worker's SUCCEEDED answers flow in while the processor is killed and restarted
            LongSupplier committed = progress.committedSince(Topics.PAYMENT_PROVIDER_RESULTS.name(),
                    progress.endOffsets(Topics.PAYMENT_PROVIDER_RESULTS.name()));
            CompletableFuture<Void> answering = CompletableFuture.runAsync(() -> {
                for (int i = 0; i < PAYMENTS; i++) {
                    String transaction = transactions.get(i);
                    producer.send(new ProducerRecord<>(Topics.PAYMENT_PROVIDER_RESULTS.name(), transaction,
                            PaymentFixtures.result(transaction, PaymentStatus.SUCCEEDED, 1,
                                    start.plusSeconds(60).plusMillis(i)).build()), counting(sent));
                    if ((i + 1) % 50 == 0) {
                        await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(100))
                                .until(() -> sent.get() - committed.getAsLong() < PRODUCER_LEAD);
                    }
                }
                producer.flush();
            });
            for (int kill = 1; kill <= KILLS; kill++) {
                long before = committed.getAsLong();
                await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(100))
                        .until(() -> committed.getAsLong() >= before + PROGRESS_BETWEEN_KILLS);
                apps.killProcessor(0);
                assertThat(sent.get()).as("killed while answers were still flowing").isLessThan(PAYMENTS);
                apps.startProcessor(0);
            }
            answering.join();
            progress.awaitCommitted(Topics.PAYMENT_PROVIDER_RESULTS.name(), TIMEOUT);

            // then each payment succeeded once and got one invoice number
            Set<String> ours = Set.copyOf(transactions);
            await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(500)).until(() -> journal
                    .all(InvoiceNumberAssigned.class, number -> ours.contains(number.getTransactionId()))
                    .size() >= PAYMENTS);
            assertThat(journal.all(PaymentSucceeded.class, success -> ours.contains(success.getTransactionId())))
                    .extracting(PaymentSucceeded::getTransactionId).doesNotHaveDuplicates().hasSize(PAYMENTS);
            List<InvoiceNumberAssigned> numbers = journal.all(InvoiceNumberAssigned.class,
                    number -> number.getKind() == InvoiceKind.INVOICE);
            assertThat(numbers.stream().filter(number -> ours.contains(number.getTransactionId())))
                    .extracting(InvoiceNumberAssigned::getTransactionId).doesNotHaveDuplicates().hasSize(PAYMENTS);

            // and every series of invoices, as written since the journal began, runs on from where it was without
            // a gap or a repeat
            Map<String, List<Long>> bySeries = numbers.stream().collect(Collectors.groupingBy(
                    number -> number.getSeries() + "-" + number.getYear(),
                    Collectors.mapping(InvoiceNumberAssigned::getSequence, Collectors.toList())));
            bySeries.forEach((series, sequences) -> {
                long first = sequences.stream().mapToLong(Long::longValue).min().orElseThrow();
                assertThat(sequences).as("invoice numbers of %s", series).containsExactlyInAnyOrderElementsOf(
                        LongStream.range(first, first + sequences.size()).boxed().toList());
            });
            assertThat(numbers).extracting(InvoiceNumberAssigned::getInvoiceNumber).doesNotHaveDuplicates();
        }
    }

    private static Callback counting(AtomicInteger sent) {
        return (metadata, failure) -> {
            if (failure == null) {
                sent.incrementAndGet();
            }
        };
    }




}
