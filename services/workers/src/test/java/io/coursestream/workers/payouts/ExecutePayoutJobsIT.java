// Tier: IT (EXECUTE_PAYOUT jobs on jobs.affiliates through the real workers, Stripe's real SDK and the testkit's
// local Stripe API server; the broker and registry real; the processor's job scheduler on a TopologyTestDriver that
// decides the retries and dead letters from the workers' reports)
package io.coursestream.workers.payouts;

import static io.coursestream.workers.payouts.PayoutFixtures.newAccount;
import static io.coursestream.workers.payouts.PayoutFixtures.payout;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
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
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.coursestream.devstack.stripe.RecordedRequest;
import io.coursestream.devstack.stripe.StripeApiServer;
import io.coursestream.devstack.stripe.StripeTransfer;
import io.coursestream.schemas.admin.AdminAlertRaised;
import io.coursestream.schemas.jobs.DeadLetterReason;
import io.coursestream.schemas.jobs.DeadLetteredJob;
import io.coursestream.schemas.jobs.ExecutePayout;
import io.coursestream.schemas.jobs.JobCommand;
import io.coursestream.schemas.jobs.JobFailed;
import io.coursestream.schemas.jobs.JobQueue;
import io.coursestream.schemas.jobs.JobStarted;
import io.coursestream.schemas.jobs.JobSucceeded;
import io.coursestream.schemas.jobs.JobType;
import io.coursestream.schemas.serde.AvroSerdes;
import io.coursestream.schemas.topics.Topics;
import io.coursestream.topology.jobs.FailedJobCommands;
import io.coursestream.topology.jobs.FailedJobIndex;
import io.coursestream.topology.jobs.JobScheduler;
import io.coursestream.topology.jobs.QueuePolicies;
import io.coursestream.topology.testing.DriverConfig;
import io.coursestream.topology.testing.SingleObjectAvroSerde;
import io.coursestream.workers.ProviderUnavailableException;
import io.coursestream.workers.QueueClients;
import io.coursestream.workers.WorkersTestProfile;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * A payout from its job request to the money at Stripe. The scheduler (the processor's, with the shipped queue
 * policies: affiliates 3 retries, exponential from 30 s, critical) and the failed-job index, which re-enqueues a
 * dead-lettered job when an operator retries it, run on a TopologyTestDriver whose clock the test moves, an hour
 * behind the real one, so the retries it schedules are due for the workers at once; the test carries its commands to
 * {@code jobs.affiliates} and the workers' reports back, as the processor's topics would. The workers pay through
 * Stripe's SDK at the local Stripe API server, whose faults the test programs.
 */
@QuarkusTest
@TestProfile(WorkersTestProfile.class)
@WithTestResource(value = StripeApiTestResource.class, scope = TestResourceScope.GLOBAL)
class ExecutePayoutJobsIT {

    private static final String REQUESTS = "test.job-requests";
    private static final Duration AFFILIATES_FIRST_BACKOFF = Duration.ofSeconds(30);

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @ConfigProperty(name = "apicurio.registry.url")
    String registryUrl;

    /** Injected by {@link StripeApiTestResource}: the server the workers pay at. */
    StripeApiServer stripe;

    @TempDir
    Path stateDir;

    private final Serde<SpecificRecord> avro = new SingleObjectAvroSerde();
    private final Serde<JobCommand> commands = AvroSerdes.typed(avro);
    private QueueClients kafka;
    private TopologyTestDriver scheduler;
    private TestInputTopic<String, JobCommand> requests;
    private TestInputTopic<String, SpecificRecord> lifecycle;
    private TestInputTopic<String, SpecificRecord> control;
    private TestOutputTopic<String, SpecificRecord> affiliatesQueue;
    private TestOutputTopic<String, SpecificRecord> deadLetters;
    private TestOutputTopic<String, SpecificRecord> alerts;
    /** The scheduler's wall clock, an hour behind the workers'. */
    private Instant schedulerNow;
    private String account;

    @BeforeEach
    void start() {
        kafka = new QueueClients(bootstrapServers, registryUrl);
        StreamsBuilder builder = new StreamsBuilder();
        KStream<String, SpecificRecord> controlCommands = builder.stream(Topics.CONTROL_COMMANDS.name(),
                Consumed.with(Serdes.String(), avro).withName("test-control-commands-source"));
        KStream<String, JobCommand> jobRequests = builder.stream(REQUESTS, Consumed.with(Serdes.String(), commands)
                        .withName("test-job-requests-source"))
                .merge(FailedJobIndex.build(builder, controlCommands, FailedJobIndex.deadLetters(builder, avro), avro),
                        Named.as("test-jobs-merge-retried"));
        JobScheduler.build(builder, jobRequests, QueuePolicies.defaults(), commands, avro);
        schedulerNow = Instant.now().minus(Duration.ofHours(1)).truncatedTo(ChronoUnit.MILLIS);
        scheduler = new TopologyTestDriver(builder.build(), DriverConfig.of("execute-payout-it", stateDir),
                schedulerNow);
        requests = scheduler.createInputTopic(REQUESTS, new StringSerializer(), commands.serializer());
        lifecycle = scheduler.createInputTopic(Topics.JOB_LIFECYCLE.name(), new StringSerializer(),
                avro.serializer());
        control = scheduler.createInputTopic(Topics.CONTROL_COMMANDS.name(), new StringSerializer(),
                avro.serializer());
        affiliatesQueue = output(Topics.JOBS_AFFILIATES.name());
        deadLetters = output(Topics.JOB_DEAD_LETTER.name());
        alerts = output(Topics.ADMIN_ALERTS.name());
        account = newAccount();
        stripe.addConnectedAccount(account);
    }

    @AfterEach
    void stop() {
        scheduler.close();
        kafka.close();
    }

    @Test
    void shouldTransferThePayoutOnceAndReportTheTransferId() throws Exception {
        // given a payout of 125.50 EUR for three commissions to the affiliate's connected account
        ExecutePayout payout = payout(account).build();

        // when the scheduler sends its job to jobs.affiliates and the workers run it
        JobCommand command = request(payout);
        assertThat(command.getAttempt()).isEqualTo(1);
        assertThat(command.getMaxAttempts()).as("the affiliates policy: 3 retries").isEqualTo(4);
        List<SpecificRecord> reports = run(command);

        // then Stripe made exactly one transfer: minor units, lower-case currency, the payout's key, group, metadata
        StripeTransfer transfer = onlyTransferOf(payout);
        assertThat(transfer.amount()).isEqualTo(12_550L);
        assertThat(transfer.currency()).isEqualTo("eur");
        assertThat(transfer.destination()).isEqualTo(account);
        assertThat(transfer.description()).isEqualTo(payout.getDescription());
        assertThat(transfer.idempotencyKey()).isEqualTo(payout.getIdempotencyKey());
        assertThat(transfer.metadata()).containsExactlyInAnyOrderEntriesOf(Map.of("payoutId", payout.getPayoutId(),
                "affiliateId", payout.getAffiliateId(), "commissionCount", "3"));

        // and the workers looked for an earlier transfer of the payout before they made it
        assertThat(requestsOf(payout)).extracting(RecordedRequest::method, RecordedRequest::status)
                .containsExactly(tuple("GET", 200), tuple("POST", 200));

        // and the job succeeded on its first attempt, reporting the transfer id
        assertThat(reports).hasExactlyElementsOfTypes(JobStarted.class, JobSucceeded.class);
        JobSucceeded succeeded = (JobSucceeded) reports.get(1);
        assertThat(succeeded.getType()).isEqualTo(JobType.EXECUTE_PAYOUT);
        assertThat(succeeded.getOutputs()).containsExactlyInAnyOrderEntriesOf(Map.of("payoutId",
                payout.getPayoutId(), "provider", "STRIPE", "providerReference", transfer.id()));

        // and the scheduler, told so, schedules nothing more
        report(reports);
        advanceScheduler(Duration.ofMinutes(10));
        assertThat(affiliatesQueue.isEmpty()).isTrue();
        assertThat(deadLetters.isEmpty()).isTrue();
    }

    @Test
    void shouldRetryAfterAStripe500WithTheSameKeyAndTransferOnce() throws Exception {
        // given Stripe answers the next create with a 500 before acting on it
        ExecutePayout payout = payout(account).build();
        stripe.failNextRequests("POST", 1, 500);

        // when the first attempt runs
        JobCommand first = request(payout);
        List<SpecificRecord> firstReports = run(first);

        // then it fails retriably, naming Stripe's answer, and nothing was paid
        JobFailed failed = (JobFailed) firstReports.get(firstReports.size() - 1);
        assertThat(failed.getRetriable()).isTrue();
        assertThat(failed.getError().getErrorClass()).isEqualTo(ProviderUnavailableException.class.getName());
        assertThat(failed.getError().getMessage()).contains("payout " + payout.getPayoutId()).contains("HTTP 500");
        assertThat(transfersOf(payout)).isEmpty();

        // when the scheduler gets the failure, it sends attempt 2 after the affiliates backoff, same payload
        report(firstReports);
        advanceScheduler(AFFILIATES_FIRST_BACKOFF.minusSeconds(1));
        assertThat(affiliatesQueue.isEmpty()).isTrue();
        advanceScheduler(Duration.ofSeconds(1));
        JobCommand retry = (JobCommand) affiliatesQueue.readValue();
        assertThat(retry.getAttempt()).isEqualTo(2);
        assertThat(retry.getPayload()).isEqualTo(payout);

        // and the workers' second attempt pays it, once, with the same idempotency key
        List<SpecificRecord> retryReports = run(retry);
        JobSucceeded succeeded = (JobSucceeded) retryReports.get(retryReports.size() - 1);
        StripeTransfer transfer = onlyTransferOf(payout);
        assertThat(succeeded.getOutputs()).containsEntry("providerReference", transfer.id());
        assertThat(requestsOf(payout))
                .extracting(RecordedRequest::method, RecordedRequest::status, RecordedRequest::idempotencyKey)
                .containsExactly(tuple("GET", 200, null), tuple("POST", 500, payout.getIdempotencyKey()),
                        tuple("GET", 200, null), tuple("POST", 200, payout.getIdempotencyKey()));
    }

    @Test
    void shouldNotPayTwiceWhenStripesAnswerWasLostAndTheJobRetried() throws Exception {
        // given Stripe makes the transfer, then the connection closes without an answer, twice (the JDK re-sends
        // a POST once by itself, with the same key)
        ExecutePayout payout = payout(account).build();
        stripe.dropNextResponses("POST", 2);

        // when the first attempt runs, then it fails retriably although the money moved
        JobCommand first = request(payout);
        List<SpecificRecord> firstReports = run(first);
        JobFailed failed = (JobFailed) firstReports.get(firstReports.size() - 1);
        assertThat(failed.getRetriable()).isTrue();
        assertThat(failed.getError().getCauses()).anyMatch(cause -> cause.startsWith(
                "com.stripe.exception.ApiConnectionException"));
        StripeTransfer transfer = onlyTransferOf(payout);

        // when the scheduler retries it
        report(firstReports);
        advanceScheduler(AFFILIATES_FIRST_BACKOFF);
        JobCommand retry = (JobCommand) affiliatesQueue.readValue();
        List<SpecificRecord> retryReports = run(retry);

        // then attempt 2 finds that transfer in the payout's group, reports it, and makes no second one
        JobSucceeded succeeded = (JobSucceeded) retryReports.get(retryReports.size() - 1);
        assertThat(succeeded.getAttempt()).isEqualTo(2);
        assertThat(succeeded.getOutputs()).containsEntry("providerReference", transfer.id());
        assertThat(onlyTransferOf(payout)).isEqualTo(transfer);
        assertThat(requestsOf(payout))
                .extracting(RecordedRequest::method, RecordedRequest::dropped, RecordedRequest::replayed)
                .containsExactly(tuple("GET", false, false), tuple("POST", true, false), tuple("POST", true, true),
                        tuple("GET", false, false));
    }

    @Test
    void shouldNotPayAgainWhenAnOperatorRetriesADeadLetteredPayoutAfterStripeForgotItsKey() throws Exception {
        // given a payout whose first attempt made the transfer but lost both answers (the JDK re-sends the POST once)
        ExecutePayout payout = payout(account).build();
        stripe.dropNextResponses("POST", 2);
        JobCommand command = request(payout);
        List<SpecificRecord> reports = run(command);
        StripeTransfer transfer = onlyTransferOf(payout);

        // and whose three retries found Stripe failing (a 500 on their first request), so it was dead-lettered
        stripe.failNextRequests(3, 500);
        for (int attempt = 2; attempt <= 4; attempt++) {
            report(reports);
            advanceScheduler(Duration.ofMinutes(10));
            JobCommand retry = (JobCommand) affiliatesQueue.readValue();
            assertThat(retry.getAttempt()).isEqualTo(attempt);
            reports = run(retry);
            assertThat(reports.get(reports.size() - 1)).isInstanceOfSatisfying(JobFailed.class,
                    failed -> assertThat(failed.getRetriable()).isTrue());
        }
        report(reports);
        DeadLetteredJob dead = (DeadLetteredJob) deadLetters.readValue();
        assertThat(dead.getReason()).isEqualTo(DeadLetterReason.RETRIES_EXHAUSTED);
        assertThat(dead.getErrors()).hasSize(4);

        // when, days later, Stripe has forgotten the payout's idempotency key and an operator retries the payout from
        // the failed-job index: attempt 1 again, with the same payload
        stripe.forgetIdempotencyKeys();
        FailedJobCommands.retry(FailedJobCommands.job(command.getJobId()), "ops@example.com", schedulerNow)
                .records().forEach(record -> control.pipeInput(record.key(), record.value(), schedulerNow));
        JobCommand requeued = (JobCommand) affiliatesQueue.readValue();
        assertThat(requeued.getAttempt()).isEqualTo(1);
        assertThat(requeued.getRequeuedBy()).isEqualTo("ops@example.com");
        assertThat(requeued.getPayload()).isEqualTo(payout);
        List<SpecificRecord> requeuedReports = run(requeued);

        // then it succeeds with the first transfer, found by its lookup, and pays nothing again
        assertThat(requeuedReports).hasExactlyElementsOfTypes(JobStarted.class, JobSucceeded.class);
        assertThat(((JobSucceeded) requeuedReports.get(1)).getOutputs())
                .containsEntry("providerReference", transfer.id());
        assertThat(onlyTransferOf(payout)).isEqualTo(transfer);
        assertThat(requestsOf(payout)).extracting(RecordedRequest::method, RecordedRequest::status)
                .containsExactly(tuple("GET", 200), tuple("POST", 200), tuple("POST", 200),
                        tuple("GET", 500), tuple("GET", 500), tuple("GET", 500), tuple("GET", 200));

        // and the scheduler, told so, schedules nothing more
        report(requeuedReports);
        advanceScheduler(Duration.ofMinutes(10));
        assertThat(affiliatesQueue.isEmpty()).isTrue();
        assertThat(deadLetters.isEmpty()).isTrue();
    }

    @Test
    void shouldDeadLetterAPayoutToAnAccountStripeDoesNotKnowWithoutRetrying() throws Exception {
        // given a payout to a connected account Stripe does not have
        ExecutePayout payout = payout("acct_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16))
                .build();

        // when its first attempt runs
        JobCommand command = request(payout);
        List<SpecificRecord> reports = run(command);

        // then it fails fatally with Stripe's reason, and nothing was paid
        JobFailed failed = (JobFailed) reports.get(reports.size() - 1);
        assertThat(failed.getRetriable()).isFalse();
        assertThat(failed.getError().getMessage()).contains("HTTP 400 invalid_request_error resource_missing on"
                + " destination - No such destination: '" + payout.getDestinationAccount() + "'");
        assertThat(transfersOf(payout)).isEmpty();

        // and the scheduler dead-letters it at once, with an alert to the admins (affiliates is critical)
        report(reports);
        DeadLetteredJob dead = (DeadLetteredJob) deadLetters.readValue();
        assertThat(dead.getReason()).isEqualTo(DeadLetterReason.FATAL_ERROR);
        assertThat(dead.getCommand().getJobId()).isEqualTo(command.getJobId());
        assertThat(dead.getErrors()).singleElement().satisfies(error -> assertThat(error.getMessage())
                .contains("No such destination"));
        AdminAlertRaised alert = (AdminAlertRaised) alerts.readValue();
        assertThat(alert.getQueue()).isEqualTo(JobQueue.AFFILIATES);
        assertThat(alert.getJobId()).isEqualTo(command.getJobId());
        advanceScheduler(Duration.ofMinutes(10));
        assertThat(affiliatesQueue.isEmpty()).isTrue();
        assertThat(requestsOf(payout)).extracting(RecordedRequest::method, RecordedRequest::status)
                .containsExactly(tuple("GET", 200), tuple("POST", 400));
    }

    /** Hands the payout's job to the scheduler as the affiliate topology does; returns the command it queues. */
    private JobCommand request(ExecutePayout payout) {
        String jobId = UUID.nameUUIDFromBytes(("payout:" + payout.getPayoutId()).getBytes(StandardCharsets.UTF_8))
                .toString();
        requests.pipeInput(jobId, JobCommand.newBuilder()
                .setJobId(jobId)
                .setType(JobType.EXECUTE_PAYOUT)
                .setQueue(JobQueue.AFFILIATES)
                .setAttempt(1)
                .setMaxAttempts(0)
                .setUniqueKey(payout.getPayoutId())
                .setCorrelationId("flow-" + payout.getPayoutId())
                .setCausationId("payout-created-" + payout.getPayoutId())
                .setEnqueuedAt(schedulerNow)
                .setFirstEnqueuedAt(schedulerNow)
                .setPayload(payout)
                .build(), schedulerNow);
        JobCommand queued = (JobCommand) affiliatesQueue.readValue();
        assertThat(affiliatesQueue.isEmpty()).isTrue();
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
            lifecycle.pipeInput(keyOf(report), report, schedulerNow);
        }
    }

    private void advanceScheduler(Duration duration) {
        schedulerNow = schedulerNow.plus(duration);
        scheduler.advanceWallClockTime(duration);
    }

    private List<StripeTransfer> transfersOf(ExecutePayout payout) {
        return stripe.transfers().stream()
                .filter(transfer -> payout.getPayoutId().equals(transfer.transferGroup()))
                .toList();
    }

    private StripeTransfer onlyTransferOf(ExecutePayout payout) {
        List<StripeTransfer> transfers = transfersOf(payout);
        assertThat(transfers).hasSize(1);
        return transfers.get(0);
    }

    /** The payout's requests: its lookups (the group in the query) and its creates (the group in the form). */
    private List<RecordedRequest> requestsOf(ExecutePayout payout) {
        return stripe.requests().stream()
                .filter(request -> payout.getPayoutId().equals(request.parameters().get("transfer_group")))
                .toList();
    }

    private static String keyOf(SpecificRecord report) {
        return String.valueOf(report.get(report.getSchema().getField("jobId").pos()));
    }

    private TestOutputTopic<String, SpecificRecord> output(String topic) {
        return scheduler.createOutputTopic(topic, new StringDeserializer(), avro.deserializer());
    }
}
