// Tier: IT (the shared broker and registry: what the CLI's commands put on control.commands)
package io.coursestream.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import io.coursestream.devstack.TopicProvisioner;
import io.coursestream.schemas.control.EnqueueJob;
import io.coursestream.schemas.control.ForgetFailedJobs;
import io.coursestream.schemas.control.ProcessCommissions;
import io.coursestream.schemas.control.RetryFailedJobs;
import io.coursestream.schemas.control.ReviewConversion;
import io.coursestream.schemas.control.ReviewDecision;
import io.coursestream.schemas.jobs.JobCommand;
import io.coursestream.schemas.jobs.JobDispatched;
import io.coursestream.schemas.jobs.JobQueue;
import io.coursestream.schemas.jobs.JobType;
import io.coursestream.schemas.jobs.ProbeJob;
import io.coursestream.schemas.topics.Topics;
import io.coursestream.testkit.CoursestreamIT;
import io.coursestream.testkit.TestEnvironment;
import io.coursestream.topology.jobs.FailedJobCommands;

@CoursestreamIT
class ControlCommandsIT {

    private static final int PARTITIONS = 6;

    private final TestEnvironment env;
    private final String operator = "operator-" + UUID.randomUUID();
    private final CliHarness cli;

    ControlCommandsIT(TestEnvironment env) {
        this.env = env;
        this.cli = new CliHarness("--bootstrap-servers", env.bootstrapServers(), "--registry-url", env.registryUrl(),
                "--api-url", "http://processor.test:8080", "--operator", operator);
    }

    @Test
    void shouldWriteARetryOfOneFailedJobKeyedByItsJobId() {
        String jobId = UUID.randomUUID().toString();
        ControlCommandsTopic topic = ControlCommandsTopic.mark(env);

        int exit = cli.execute("failed-jobs", "retry", jobId);

        assertThat(exit).as(cli.err()).isZero();
        List<ConsumerRecord<String, SpecificRecord>> written = topic.writtenSinceMark();
        assertThat(written).singleElement().satisfies(record -> {
            assertThat(record.key()).isEqualTo(jobId);
            assertThat(record.value()).isInstanceOfSatisfying(RetryFailedJobs.class, retry -> {
                assertThat(retry.getSelector()).isEqualTo(FailedJobCommands.job(jobId));
                assertThat(retry.getRequestedBy()).isEqualTo(operator);
                assertThat(retry.getMetadata().getProducer()).isEqualTo("admin");
                assertThat(cli.out()).isEqualTo("retry of failed job " + jobId + " requested (command "
                        + retry.getCommandId() + ", partition " + record.partition() + ")" + System.lineSeparator());
            });
        });
    }

    @Test
    void shouldWriteARetryOfAllFailedJobsOnceToEveryPartitionUnderOneCommandId() {
        ControlCommandsTopic topic = ControlCommandsTopic.mark(env);

        int exit = cli.execute("failed-jobs", "retry", "--all");

        assertThat(exit).as(cli.err()).isZero();
        List<ConsumerRecord<String, SpecificRecord>> written = topic.writtenSinceMark();
        assertThat(written).hasSize(PARTITIONS);
        assertThat(written).extracting(ConsumerRecord::partition)
                .containsExactlyInAnyOrder(0, 1, 2, 3, 4, 5);
        assertThat(written).allSatisfy(record -> assertThat(record.value()).isInstanceOfSatisfying(
                RetryFailedJobs.class, retry -> {
                    assertThat(record.key()).isEqualTo(retry.getCommandId());
                    assertThat(retry.getSelector()).isEqualTo(FailedJobCommands.all());
                    assertThat(retry.getRequestedBy()).isEqualTo(operator);
                }));
        List<String> commandIds = written.stream().map(record -> ((RetryFailedJobs) record.value()).getCommandId())
                .distinct().toList();
        assertThat(commandIds).hasSize(1);
        assertThat(written).extracting(record -> ((RetryFailedJobs) record.value()).getMetadata().getEventId())
                .doesNotHaveDuplicates();
        assertThat(cli.out()).isEqualTo("retry of all failed jobs requested (command " + commandIds.get(0)
                + ", 6 partitions)" + System.lineSeparator());
    }

    @Test
    void shouldWriteAForgetOfOneQueueToEveryPartition() {
        ControlCommandsTopic topic = ControlCommandsTopic.mark(env);

        int exit = cli.execute("failed-jobs", "forget", "--queue", "emails");

        assertThat(exit).as(cli.err()).isZero();
        List<ConsumerRecord<String, SpecificRecord>> written = topic.writtenSinceMark();
        assertThat(written).hasSize(PARTITIONS).allSatisfy(record -> assertThat(record.value())
                .isInstanceOfSatisfying(ForgetFailedJobs.class, forget -> {
                    assertThat(forget.getSelector()).isEqualTo(FailedJobCommands.queue(JobQueue.EMAILS));
                    assertThat(forget.getRequestedBy()).isEqualTo(operator);
                }));
        assertThat(cli.out()).startsWith("forget of all failed jobs of queue EMAILS requested (command ")
                .endsWith(", 6 partitions)" + System.lineSeparator());
    }

    @Test
    void shouldEnqueueAProbeJobOnTheQueueWithTheGivenPayloadAndPrintItsId() {
        ControlCommandsTopic topic = ControlCommandsTopic.mark(env);
        Instant before = Instant.now();

        int exit = cli.execute("jobs", "probe", "--queue", "emails", "--work-millis", "250", "--progress-steps", "5",
                "--fail-attempts", "1", "--unique-key", "probe-emails", "--not-before", "2030-01-01T00:00:00Z");

        assertThat(exit).as(cli.err()).isZero();
        List<String> lines = cli.out().lines().toList();
        String jobId = lines.get(lines.size() - 1);
        assertThat(UUID.fromString(jobId)).isNotNull();
        assertThat(cli.out()).contains("http://processor.test:8080/api/jobs/" + jobId);
        List<ConsumerRecord<String, SpecificRecord>> written = topic.writtenSinceMark();
        assertThat(written).singleElement().satisfies(record -> assertThat(record.value())
                .isInstanceOfSatisfying(EnqueueJob.class, enqueue -> {
                    assertThat(record.key()).isEqualTo(jobId);
                    assertThat(enqueue.getRequestedBy()).isEqualTo(operator);
                    JobCommand job = enqueue.getJob();
                    assertThat(job.getJobId()).isEqualTo(jobId);
                    assertThat(job.getType()).isEqualTo(JobType.PROBE);
                    assertThat(job.getQueue()).isEqualTo(JobQueue.EMAILS);
                    assertThat(job.getAttempt()).isEqualTo(1);
                    assertThat(job.getMaxAttempts()).isZero();
                    assertThat(job.getUniqueKey()).isEqualTo("probe-emails");
                    assertThat(job.getNotBefore()).isEqualTo(Instant.parse("2030-01-01T00:00:00Z"));
                    assertThat(job.getCorrelationId()).isEqualTo(jobId);
                    assertThat(job.getEnqueuedAt()).isEqualTo(job.getFirstEnqueuedAt())
                            .isBetween(before.minusMillis(1), Instant.now());
                    assertThat(job.getPreviousErrors()).isEmpty();
                    assertThat(job.getPayload()).isEqualTo(ProbeJob.newBuilder().setWorkMillis(250)
                            .setProgressSteps(5).setFailAttempts(1).setFatal(false).build());
                }));
    }

    @Test
    void shouldDispatchAProbeJobWithNothingToHoldStraightToItsQueueInOneTransaction() {
        // The topics as the stack provisions them: nothing else in this module writes them before.
        try (Admin admin = env.newAdmin()) {
            TopicProvisioner.local().provision(admin, List.of(Topics.JOBS_MEDIA, Topics.JOB_LIFECYCLE));
        }
        ControlCommandsTopic commands = ControlCommandsTopic.mark(env);
        ControlCommandsTopic queue = ControlCommandsTopic.mark(env, Topics.JOBS_MEDIA);
        ControlCommandsTopic lifecycle = ControlCommandsTopic.mark(env, Topics.JOB_LIFECYCLE);

        int exit = cli.execute("jobs", "probe", "--queue", "media", "--work-millis", "5");

        assertThat(exit).as(cli.err()).isZero();
        List<String> lines = cli.out().lines().toList();
        String jobId = lines.get(lines.size() - 1);
        assertThat(lines.get(0)).startsWith("probe job dispatched to queue MEDIA; watch it at ");
        // the command on jobs.media, keyed by its job id, for a worker to run now
        ConsumerRecord<String, SpecificRecord> sent = queue.writtenSinceMark().stream()
                .filter(record -> jobId.equals(record.key())).findFirst().orElseThrow();
        JobCommand job = (JobCommand) sent.value();
        assertThat(job.getType()).isEqualTo(JobType.PROBE);
        assertThat(job.getUniqueKey()).isNull();
        assertThat(job.getNotBefore()).isNull();
        // its announcement on jobs.lifecycle, on the partition the workers will report on it, read committed
        assertThat(lifecycle.writtenSinceMark()).filteredOn(record -> jobId.equals(record.key())).singleElement()
                .satisfies(record -> {
                    assertThat(record.partition()).isEqualTo(sent.partition());
                    assertThat(record.value()).isInstanceOfSatisfying(JobDispatched.class, dispatched -> {
                        assertThat(dispatched.getCommand()).isEqualTo(job);
                        assertThat(dispatched.getRequestedBy()).isEqualTo(operator);
                        assertThat(dispatched.getMetadata().getProducer()).isEqualTo("admin");
                    });
                });
        // and no EnqueueJob for the scheduler
        assertThat(commands.writtenSinceMark()).noneMatch(record -> jobId.equals(record.key()));
    }

    @Test
    void shouldWriteOneReviewOfAConversionWithTheOperatorsDecisionAndNote() {
        String conversionId = UUID.randomUUID().toString();
        ControlCommandsTopic topic = ControlCommandsTopic.mark(env);

        int exit = cli.execute("affiliates", "review", conversionId, "--decline", "--note", "same card as affiliate");

        assertThat(exit).as(cli.err()).isZero();
        assertThat(topic.writtenSinceMark()).singleElement().satisfies(record -> assertThat(record.value())
                .isInstanceOfSatisfying(ReviewConversion.class, review -> {
                    assertThat(record.key()).isEqualTo(review.getCommandId());
                    assertThat(review.getConversionId()).isEqualTo(conversionId);
                    assertThat(review.getDecision()).isEqualTo(ReviewDecision.DECLINE);
                    assertThat(review.getReviewedBy()).isEqualTo(operator);
                    assertThat(review.getNote()).isEqualTo("same card as affiliate");
                    assertThat(cli.out()).isEqualTo("decline of conversion " + conversionId + " requested (command "
                            + review.getCommandId() + ", partition " + record.partition() + ")"
                            + System.lineSeparator());
                }));
    }

    @Test
    void shouldRefuseAReviewWithoutExactlyOneDecision() {
        ControlCommandsTopic topic = ControlCommandsTopic.mark(env);

        int neither = cli.execute("affiliates", "review", "c-1");
        int both = cli.execute("affiliates", "review", "c-1", "--approve", "--decline");

        assertThat(neither).isEqualTo(2);
        assertThat(both).isEqualTo(2);
        assertThat(cli.err()).contains("--approve", "--decline");
        assertThat(topic.writtenSinceMark()).isEmpty();
    }

    @Test
    void shouldWriteOneProcessCommissionsRunWithItsFilters() {
        ControlCommandsTopic topic = ControlCommandsTopic.mark(env);

        int exit = cli.execute("affiliates", "process-commissions", "--currency", "EUR", "--affiliate", "a-1",
                "--as-of", "2026-11-01T00:00:00Z", "--dry-run");

        assertThat(exit).as(cli.err()).isZero();
        assertThat(topic.writtenSinceMark()).singleElement().satisfies(record -> assertThat(record.value())
                .isInstanceOfSatisfying(ProcessCommissions.class, run -> {
                    assertThat(record.key()).isEqualTo(run.getCommandId());
                    assertThat(run.getRequestedBy()).isEqualTo(operator);
                    assertThat(run.getAsOf()).isEqualTo(Instant.parse("2026-11-01T00:00:00Z"));
                    assertThat(run.getCurrency()).isEqualTo("EUR");
                    assertThat(run.getAffiliateId()).isEqualTo("a-1");
                    assertThat(run.getDryRun()).isTrue();
                    assertThat(cli.out()).isEqualTo("dry run of commission processing requested (command "
                            + run.getCommandId() + ", EUR, affiliate a-1)" + System.lineSeparator());
                }));
    }

    @Test
    void shouldRefuseProcessingAnUnknownCurrency() {
        ControlCommandsTopic topic = ControlCommandsTopic.mark(env);

        int exit = cli.execute("affiliates", "process-commissions", "--currency", "EURO");

        assertThat(exit).isEqualTo(2);
        assertThat(cli.err()).contains("--currency must be an ISO 4217 code, not EURO");
        assertThat(topic.writtenSinceMark()).isEmpty();
    }
}
