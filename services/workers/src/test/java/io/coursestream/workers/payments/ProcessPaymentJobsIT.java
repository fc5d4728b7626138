// Tier: IT (PROCESS_PAYMENT jobs on jobs.payments through the real workers, Stripe's real SDK and the JDK HttpClient
// against the devstack's local Stripe API and Binance Pay servers; the broker and registry real; the processor's job
// scheduler on a TopologyTestDriver that decides the retries and dead letters from the workers' reports)
package io.coursestream.workers.payments;

import static io.coursestream.workers.payments.PaymentFixtures.payment;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.kstream.Consumed;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.coursestream.devstack.binance.BinanceOrder;
import io.coursestream.devstack.stripe.RecordedRequest;
import io.coursestream.devstack.stripe.StripeApiServer;
import io.coursestream.devstack.stripe.StripePaymentIntent;
import io.coursestream.schemas.admin.AdminAlertRaised;
import io.coursestream.schemas.jobs.DeadLetterReason;
import io.coursestream.schemas.jobs.DeadLetteredJob;
import io.coursestream.schemas.jobs.JobCommand;
import io.coursestream.schemas.jobs.JobFailed;
import io.coursestream.schemas.jobs.JobQueue;
import io.coursestream.schemas.jobs.JobStarted;
import io.coursestream.schemas.jobs.JobSucceeded;
import io.coursestream.schemas.jobs.JobType;
import io.coursestream.schemas.jobs.ProcessPayment;
import io.coursestream.schemas.payments.PaymentProvider;
import io.coursestream.schemas.payments.PaymentStatus;
import io.coursestream.schemas.payments.ProviderPaymentResult;
import io.coursestream.schemas.serde.AvroSerdes;
import io.coursestream.schemas.topics.Topics;
import io.coursestream.topology.jobs.JobScheduler;
import io.coursestream.topology.jobs.QueuePolicies;
import io.coursestream.topology.testing.DriverConfig;
import io.coursestream.topology.testing.SingleObjectAvroSerde;
import io.coursestream.workers.ProviderUnavailableException;
import io.coursestream.workers.WorkersTestProfile;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * A payment from its job request to the provider's answer on {@code payments.provider-results}. The scheduler (the
 * processor's, with the shipped queue policies: payments 3 retries, exponential from 10 s, critical) runs on a
 * TopologyTestDriver whose clock the test moves, an hour behind the real one, so the retries it schedules are due for
 * the workers at once; the test carries its commands to {@code jobs.payments} and the workers' reports back, as the
 * processor's topics would. The workers charge at the local provider servers, whose faults the test programs.
 */
@QuarkusTest
@TestProfile(WorkersTestProfile.class)
@WithTestResource(value = PaymentProvidersTestResource.class, scope = TestResourceScope.GLOBAL)
class ProcessPaymentJobsIT {

    private static final String REQUESTS = "test.job-requests";

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @ConfigProperty(name = "apicurio.registry.url")
    String registryUrl;

    /** Injected by {@link PaymentProvidersTestResource}: the servers the workers charge at. */
    PaymentProviderServers providers;

    @TempDir
    Path stateDir;

    private final Serde<SpecificRecord> avro = new SingleObjectAvroSerde();
    private final Serde<JobCommand> commands = AvroSerdes.typed(avro);
    private PaymentJobClients kafka;
    private TopologyTestDriver scheduler;
    private TestInputTopic<String, JobCommand> requests;
    private TestInputTopic<String, SpecificRecord> lifecycle;
    private TestOutputTopic<String, SpecificRecord> paymentsQueue;
    private TestOutputTopic<String, SpecificRecord> deadLetters;
    private TestOutputTopic<String, SpecificRecord> alerts;
    /** The scheduler's wall clock, an hour behind the workers'. */
    private Instant schedulerNow;

    @BeforeEach
    void start() {
        kafka = new PaymentJobClients(bootstrapServers, registryUrl);
        StreamsBuilder builder = new StreamsBuilder();
        JobScheduler.build(builder, builder.stream(REQUESTS, Consumed.with(Serdes.String(), commands)
                .withName("test-job-requests-source")), QueuePolicies.defaults(), commands, avro);
        schedulerNow = Instant.now().minus(Duration.ofHours(1)).truncatedTo(ChronoUnit.MILLIS);
        scheduler = new TopologyTestDriver(builder.build(), DriverConfig.of("process-payment-it", stateDir),
                schedulerNow);
        requests = scheduler.createInputTopic(REQUESTS, new StringSerializer(), commands.serializer());
        lifecycle = scheduler.createInputTopic(Topics.JOB_LIFECYCLE.name(), new StringSerializer(),
                avro.serializer());
        paymentsQueue = output(Topics.JOBS_PAYMENTS.name());
        deadLetters = output(Topics.JOB_DEAD_LETTER.name());
        alerts = output(Topics.ADMIN_ALERTS.name());
    }

    @AfterEach
    void stop() {
        scheduler.close();
        kafka.close();
    }

    @Test
    void shouldChargeOnceAndPublishOneSucceededResultKeyedByTheTransaction() throws Exception {
        // given a 125.50 EUR card payment
        ProcessPayment payment = payment(PaymentProvider.STRIPE, StripeApiServer.SUCCEEDING_CARD).build();

        // when the scheduler sends its job to jobs.payments and the workers run it
        JobCommand command = request(payment);
        assertThat(command.getMaxAttempts()).as("the payments policy: 3 retries").isEqualTo(4);
        List<SpecificRecord> reports = run(command);

        // then Stripe holds exactly one PaymentIntent of the transaction, charged under its key
        StripePaymentIntent intent = onlyPaymentIntentOf(payment);
        assertThat(intent.status()).isEqualTo("succeeded");
        assertThat(intent.amount()).isEqualTo(12_550L);
        assertThat(intent.idempotencyKey()).isEqualTo(payment.getIdempotencyKey());

        // and one result is on payments.provider-results, keyed by the transaction, caused by the job
        PaymentJobClients.KeyedResult published = kafka.awaitResults(payment.getTransactionId(), 1).get(0);
        assertThat(published.key()).isEqualTo(payment.getTransactionId());
        ProviderPaymentResult result = published.result();
        assertThat(result.getStatus()).isEqualTo(PaymentStatus.SUCCEEDED);
        assertThat(result.getProvider()).isEqualTo(PaymentProvider.STRIPE);
        assertThat(result.getProviderReference()).isEqualTo(intent.id());
        assertThat(result.getAttempt()).isEqualTo(1);
        assertThat(result.getAmount()).isEqualTo(payment.getAmount());
        assertThat(result.getMetadata().getCausationId()).isEqualTo(command.getJobId());
        assertThat(result.getMetadata().getCorrelationId()).isEqualTo(command.getCorrelationId());

        // and the job succeeded on its first attempt, reporting the PaymentIntent
        assertThat(reports).hasExactlyElementsOfTypes(JobStarted.class, JobSucceeded.class);
        JobSucceeded succeeded = (JobSucceeded) reports.get(1);
        assertThat(succeeded.getType()).isEqualTo(JobType.PROCESS_PAYMENT);
        assertThat(succeeded.getOutputs()).containsEntry("providerReference", intent.id())
                .containsEntry("status", "SUCCEEDED").containsEntry("provider", "STRIPE");

        // and the scheduler, told so, schedules nothing more; nothing else was published
        report(reports);
        advanceScheduler(Duration.ofMinutes(10));
        assertThat(paymentsQueue.isEmpty()).isTrue();
        assertThat(deadLetters.isEmpty()).isTrue();
        assertThat(kafka.resultsOf(payment.getTransactionId())).hasSize(1);
    }

    @Test
    void shouldPublishADeclineAsFailedAndSucceedTheJobWithoutRetrying() throws Exception {
        // given a card that is declined
        ProcessPayment payment = payment(PaymentProvider.STRIPE, StripeApiServer.DECLINED_CARD).build();

        // when its job runs
        JobCommand command = request(payment);
        List<SpecificRecord> reports = run(command);

        // then the decline is the answer: FAILED with Stripe's decline code and the PaymentIntent it left
        StripePaymentIntent intent = onlyPaymentIntentOf(payment);
        ProviderPaymentResult result = kafka.awaitResults(payment.getTransactionId(), 1).get(0).result();
        assertThat(result.getStatus()).isEqualTo(PaymentStatus.FAILED);
        assertThat(result.getFailureCode()).isEqualTo("generic_decline");
        assertThat(result.getFailureMessage()).isEqualTo("Your card was declined.");
        assertThat(result.getProviderReference()).isEqualTo(intent.id());

        // and the job succeeded: the scheduler neither retries nor dead-letters it
        assertThat(reports).hasExactlyElementsOfTypes(JobStarted.class, JobSucceeded.class);
        assertThat(((JobSucceeded) reports.get(1)).getOutputs()).containsEntry("status", "FAILED");
        report(reports);
        advanceScheduler(Duration.ofMinutes(10));
        assertThat(paymentsQueue.isEmpty()).isTrue();
        assertThat(deadLetters.isEmpty()).isTrue();
    }

    @Test
    void shouldDeadLetterAPaymentWhoseProviderKeepsFailingAndPublishNothing() throws Exception {
        // given Stripe answers the create of every attempt with a 500
        ProcessPayment payment = payment(PaymentProvider.STRIPE, StripeApiServer.SUCCEEDING_CARD).build();
        providers.stripe().failNextRequests("POST", 4, 500);

        // when the job and its three retries run
        JobCommand command = request(payment);
        List<SpecificRecord> reports = run(command);
        for (int attempt = 2; attempt <= 4; attempt++) {
            assertThat(reports.get(reports.size() - 1)).isInstanceOfSatisfying(JobFailed.class, failed -> {
                assertThat(failed.getRetriable()).isTrue();
                assertThat(failed.getError().getErrorClass()).isEqualTo(ProviderUnavailableException.class.getName());
                assertThat(failed.getError().getMessage()).contains("HTTP 500");
            });
            report(reports);
            advanceScheduler(Duration.ofMinutes(10));
            JobCommand retry = (JobCommand) paymentsQueue.readValue();
            assertThat(retry.getAttempt()).isEqualTo(attempt);
            assertThat(retry.getPayload()).isEqualTo(payment);
            reports = run(retry);
        }

        // then the last attempt failed too, and the scheduler dead-letters the job with an alert (payments is critical)
        report(reports);
        DeadLetteredJob dead = (DeadLetteredJob) deadLetters.readValue();
        assertThat(dead.getReason()).isEqualTo(DeadLetterReason.RETRIES_EXHAUSTED);
        assertThat(dead.getErrors()).hasSize(4);
        AdminAlertRaised alert = (AdminAlertRaised) alerts.readValue();
        assertThat(alert.getQueue()).isEqualTo(JobQueue.PAYMENTS);
        assertThat(alert.getJobId()).isEqualTo(command.getJobId());

        // and nothing was charged or published: every create carried the transaction's key, and each found nothing
        assertThat(providers.stripe().paymentIntents().stream()
                .filter(intent -> payment.getTransactionId().equals(intent.metadata().get("transactionId"))))
                .isEmpty();
        assertThat(providers.stripe().requests().stream()
                .filter(request -> "POST".equals(request.method())
                        && payment.getIdempotencyKey().equals(request.idempotencyKey())))
                .extracting(RecordedRequest::status).containsExactly(500, 500, 500, 500);
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5))
                .until(() -> kafka.resultsOf(payment.getTransactionId()).isEmpty());
    }

    @Test
    void shouldCreateABinancePayOrderAndPublishItsCheckoutAsTheNextAction() throws Exception {
        // given a payment through Binance Pay
        ProcessPayment payment = payment(PaymentProvider.BINANCE_PAY, null).build();

        // when its job runs
        List<SpecificRecord> reports = run(request(payment));

        // then Binance holds one unpaid order of the transaction, and the result sends the buyer to its checkout
        BinanceOrder order = providers.binance().orders().stream()
                .filter(candidate -> payment.getTransactionId().equals(candidate.passThroughInfo()))
                .reduce((first, second) -> {
                    throw new AssertionError("two orders for one transaction");
                })
                .orElseThrow();
        ProviderPaymentResult result = kafka.awaitResults(payment.getTransactionId(), 1).get(0).result();
        assertThat(result.getStatus()).isEqualTo(PaymentStatus.REQUIRES_ACTION);
        assertThat(result.getProvider()).isEqualTo(PaymentProvider.BINANCE_PAY);
        assertThat(result.getProviderReference()).isEqualTo(order.prepayId());
        assertThat(result.getNextActionUrl()).isEqualTo(order.checkoutUrl());
        assertThat(reports).hasExactlyElementsOfTypes(JobStarted.class, JobSucceeded.class);
        assertThat(((JobSucceeded) reports.get(1)).getOutputs())
                .extracting(outputs -> outputs.get("status"), outputs -> outputs.get("providerReference"))
                .containsExactly("REQUIRES_ACTION", order.prepayId());
    }

    /** Hands the payment's job to the scheduler as the payment topology does; returns the command it queues. */
    private JobCommand request(ProcessPayment payment) {
        String jobId = UUID.nameUUIDFromBytes(("payment:" + payment.getTransactionId())
                .getBytes(StandardCharsets.UTF_8)).toString();
        requests.pipeInput(jobId, JobCommand.newBuilder()
                .setJobId(jobId)
                .setType(JobType.PROCESS_PAYMENT)
                .setQueue(JobQueue.PAYMENTS)
                .setAttempt(1)
                .setMaxAttempts(0)
                .setUniqueKey(payment.getTransactionId())
                .setCorrelationId("checkout-" + payment.getTransactionId())
                .setCausationId("payment-initiated-" + payment.getTransactionId())
                .setEnqueuedAt(schedulerNow)
                .setFirstEnqueuedAt(schedulerNow)
                .setPayload(payment)
                .build(), schedulerNow);
        JobCommand queued = (JobCommand) paymentsQueue.readValue();
        assertThat(paymentsQueue.isEmpty()).isTrue();
        return queued;
    }

    /** Sends the command to the workers; returns their reports on its attempt. */
    private List<SpecificRecord> run(JobCommand command) throws Exception {
        kafka.send(command);
        return kafka.awaitAttempt(command.getJobId(), command.getAttempt());
    }

    /** Gives the workers' reports to the scheduler, arriving now on its clock. */
    private void report(List<SpecificRecord> reports) {
        for (SpecificRecord report : reports) {
            lifecycle.pipeInput(String.valueOf(report.get(report.getSchema().getField("jobId").pos())), report,
                    schedulerNow);
        }
    }

    private void advanceScheduler(Duration duration) {
        schedulerNow = schedulerNow.plus(duration);
        scheduler.advanceWallClockTime(duration);
    }

    private StripePaymentIntent onlyPaymentIntentOf(ProcessPayment payment) {
        List<StripePaymentIntent> intents = providers.stripe().paymentIntents().stream()
                .filter(intent -> payment.getTransactionId().equals(intent.metadata().get("transactionId")))
                .toList();
        assertThat(intents).hasSize(1);
        return intents.get(0);
    }

    private TestOutputTopic<String, SpecificRecord> output(String topic) {
        return scheduler.createOutputTopic(topic, new StringDeserializer(), avro.deserializer());
    }
}
