package io.coursestream.systemtests;

import static io.coursestream.systemtests.BenchClients.awaitAssignment;
import static io.coursestream.systemtests.BenchClients.readUntil;
import static io.coursestream.systemtests.BenchClients.runAndExit;
import static io.coursestream.systemtests.BenchClients.seconds;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

import io.coursestream.admin.EnqueueJobCommands;
import io.coursestream.admin.ProbeJobs;
import io.coursestream.schemas.common.Money;
import io.coursestream.schemas.invoices.InvoiceEmailed;
import io.coursestream.schemas.invoices.InvoiceKind;
import io.coursestream.schemas.jobs.GenerateInvoice;
import io.coursestream.schemas.jobs.JobCommand;
import io.coursestream.schemas.jobs.JobQueue;
import io.coursestream.schemas.jobs.JobSucceeded;
import io.coursestream.schemas.jobs.JobType;
import io.coursestream.schemas.jobs.ProbeJob;
import io.coursestream.schemas.payments.BuyerDetails;
import io.coursestream.schemas.payments.PaymentProvider;
import io.coursestream.schemas.topics.Topics;
import io.coursestream.testkit.TestEnvironment;

/**
 * {@code scripts/bench invoices}: invoices end to end on one workers instance against no-op jobs on the same queue,
 * in one run, on the system tests' broker, registry, S3 and SMTP servers.
 *
 * <ul>
 *   <li><b>baseline</b>: no-op probe jobs on {@code jobs.payments}, through the processor's scheduler and the workers;
 *       jobs/s from the first {@code EnqueueJob} to the last {@code JobSucceeded}: what the job runtime costs.</li>
 *   <li><b>invoices</b>: {@code GenerateInvoice} jobs (German buyers, EUR, mailed) on {@code jobs.payments}: the PDF/A-3b
 *       with its XML, the archive in S3, {@code InvoiceGenerated}, the processor's SendNotification on
 *       {@code jobs.emails}, the mail with the PDF attached at the SMTP server; invoices/s from the first
 *       {@code EnqueueJob} to the last {@code InvoiceEmailed}.</li>
 * </ul>
 * The e-mail rate limits are lifted for the run: the shipped 20 mails/s per instance would be all it measured.
 * Arguments: {@code [invoices]} (default 500).
 */
public final class InvoicesBenchmark {

    private final BenchClients clients;

    private InvoicesBenchmark(TestEnvironment env) {
        this.clients = new BenchClients(env);
    }

    public static void main(String[] args) {
        runAndExit(() -> {
            int count = args.length > 0 ? Integer.parseInt(args[0]) : 500;
            TestEnvironment env = TestEnvironment.get();
            Path stateDir = Files.createTempDirectory("coursestream-bench-invoices");
            try (Applications apps = Applications.processors(env, stateDir, 1)) {
                apps.startWorkers(Map.of(
                        "coursestream.storage.create-bucket", "true",
                        "coursestream.workers.queues.emails.rate-limit.permits", "100000",
                        "coursestream.workers.queues.emails.rate-limit.capacity", "100000",
                        "coursestream.notifications.channels.email.rate-limit.permits", "100000",
                        "coursestream.notifications.channels.email.rate-limit.capacity", "100000"));
                InvoicesBenchmark bench = new InvoicesBenchmark(env);
                // untimed rounds first: JIT compilation, iText, registry caches, group joins
                Rounds<Double, Double> rounds = Rounds.run(() -> bench.invoices(count), Double::doubleValue,
                        () -> bench.noOps(count), Double::doubleValue);
                double baseline = rounds.baseline();
                double invoices = rounds.measured();
                System.out.printf(Locale.ROOT, "%nscripts/bench invoices (%d invoices, one workers instance)%n", count);
                System.out.printf(Locale.ROOT, "  no-op jobs on jobs.payments   %8.1f jobs/s%n", baseline);
                System.out.printf(Locale.ROOT, "  invoices end to end           %8.1f invoices/s   ratio to no-op jobs"
                        + " %.2f%n", invoices, invoices / baseline);
                System.out.printf(Locale.ROOT, "  (an invoice: PDF/A-3b and XML, S3 archive, InvoiceGenerated, a"
                        + " SendNotification job, the mail with the PDF, InvoiceEmailed)%n");
                System.out.printf(Locale.ROOT, "  %s%n", rounds.summary("invoices end to end", "no-op jobs",
                        "per second"));
            }
        });
    }

    /** {@code count} no-op jobs on the payments queue; jobs per second. */
    private double noOps(int count) throws Exception {
        List<JobCommand> jobs = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            jobs.add(ProbeJobs.probe(JobQueue.PAYMENTS, ProbeJob.newBuilder().setWorkMillis(0).setProgressSteps(0)
                    .setFailAttempts(0).setFatal(false).build(), null, null, Instant.now()));
        }
        return run(jobs, Topics.JOB_LIFECYCLE.name(),
                record -> record.value() instanceof JobSucceeded succeeded ? succeeded.getJobId() : null,
                JobCommand::getJobId);
    }

    /** {@code count} invoices generated and mailed; invoices per second. */
    private double invoices(int count) throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8).toUpperCase(Locale.ROOT);
        List<JobCommand> jobs = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            jobs.add(generateInvoice("BENCH-" + run + "-" + i));
        }
        return run(jobs, Topics.INVOICE_EVENTS.name(),
                record -> record.value() instanceof InvoiceEmailed emailed ? emailed.getInvoiceNumber() : null,
                job -> ((GenerateInvoice) job.getPayload()).getInvoiceNumber());
    }

    /**
     * Enqueues {@code jobs} and reads {@code doneTopic} until each has its completion; per second.
     *
     * @param completed the id a record completes, or null
     * @param idOfJob   the id a job is completed by
     */
    private double run(List<JobCommand> jobs, String doneTopic,
            Function<ConsumerRecord<String, SpecificRecord>, String> completed,
            Function<JobCommand, String> idOfJob) throws Exception {
        try (KafkaConsumer<String, SpecificRecord> done = clients.consumer("bench-" + UUID.randomUUID(), "latest");
                KafkaProducer<String, SpecificRecord> producer = clients.producer()) {
            done.subscribe(List.of(doneTopic));
            awaitAssignment(done);
            Set<String> expected = new HashSet<>();
            List<ProducerRecord<String, SpecificRecord>> commands = new ArrayList<>();
            for (JobCommand job : jobs) {
                expected.add(idOfJob.apply(job));
                commands.add(EnqueueJobCommands.enqueue(job, "bench", Instant.now()));
            }
            long started = System.nanoTime();
            commands.forEach(producer::send);
            producer.flush();
            Set<String> seen = new HashSet<>();
            readUntil(done, record -> {
                String id = completed.apply(record);
                if (id != null && expected.contains(id)) {
                    seen.add(id);
                }
                return seen.size() == expected.size();
            });
            return jobs.size() / seconds(started);
        }
    }

    private static JobCommand generateInvoice(String number) {
        Instant now = Instant.now();
        String transactionId = UUID.randomUUID().toString();
        GenerateInvoice payload = GenerateInvoice.newBuilder()
                .setInvoiceNumber(number)
                .setKind(InvoiceKind.INVOICE)
                .setTransactionId(transactionId)
                .setRefundId(null)
                .setReferencesInvoiceNumber(null)
                .setUserId("bench-user")
                .setBuyer(BuyerDetails.newBuilder().setName("Jana Beispiel")
                        .setEmail("bench-" + number.toLowerCase(Locale.ROOT) + "@example.org").setCountry("DE")
                        .setCompanyName(null).setVatId(null).setLocale("de-DE").setAddressLine1("Lernweg 2")
                        .setAddressLine2(null).setPostalCode("10115").setCity("Berlin").setRegion(null).build())
                .setLineDescription("Kafka Streams in der Praxis")
                .setGross(new Money(4_900L, "EUR"))
                .setProvider(PaymentProvider.STRIPE)
                .setPaymentReference("pi_bench_" + number)
                .setPaidAt(now)
                .setIssuedAt(now)
                .setSendEmail(true)
                .build();
        return JobCommand.newBuilder()
                .setJobId(UUID.randomUUID().toString())
                .setType(JobType.GENERATE_INVOICE)
                .setQueue(JobQueue.PAYMENTS)
                .setAttempt(1)
                .setMaxAttempts(0)
                .setNotBefore(null)
                .setRetryUntil(null)
                .setUniqueKey(number)
                .setCorrelationId(transactionId)
                .setCausationId(null)
                .setEnqueuedAt(now)
                .setFirstEnqueuedAt(now)
                .setRequeuedBy(null)
                .setPreviousErrors(List.of())
                .setPayload(payload)
                .build();
    }
}
