// Tier: topology test (TopologyTestDriver, no broker).
package io.coursestream.topology.notifications;

import static io.coursestream.topology.testing.InputEvents.metadata;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
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
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyDescription;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.kstream.Produced;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.coursestream.schemas.admin.AdminAlertRaised;
import io.coursestream.schemas.admin.AlertKind;
import io.coursestream.schemas.admin.AlertSeverity;
import io.coursestream.schemas.jobs.JobCommand;
import io.coursestream.schemas.jobs.JobQueue;
import io.coursestream.schemas.jobs.JobType;
import io.coursestream.schemas.jobs.SendNotification;
import io.coursestream.schemas.notifications.NotificationCategory;
import io.coursestream.schemas.notifications.NotificationChannel;
import io.coursestream.schemas.serde.AvroSerdes;
import io.coursestream.schemas.topics.Topics;
import io.coursestream.topology.testing.DriverConfig;
import io.coursestream.topology.testing.SingleObjectAvroSerde;

/** Admin alerts in on admin.alerts, one SendNotification job request per configured administrator out. */
class AdminAlertMailsTopologyTest {

    private static final Instant T0 = Instant.parse("2026-11-02T10:00:00Z");
    private static final String OPS = "ops@example.org";
    private static final String CTO = "cto@example.org";
    private static final String JOB_REQUESTS = "test.job-requests";
    private static final AdminAlertSettings TWO_ADMINS = new AdminAlertSettings(List.of(OPS, CTO),
            Duration.ofMinutes(15));

    private final Serde<SpecificRecord> avro = new SingleObjectAvroSerde();

    @TempDir
    Path stateDir;

    private TopologyTestDriver driver;
    private TestInputTopic<String, SpecificRecord> alerts;
    private TestOutputTopic<String, SpecificRecord> jobRequests;

    @AfterEach
    void closeDriver() {
        if (driver != null) {
            driver.close();
        }
    }

    @Test
    void shouldMailEveryAlertToEveryAdmin() {
        // Given
        start(TWO_ADMINS);
        AdminAlertRaised alert = deadLettered(null, T0);

        // When
        raise(alert);

        // Then
        List<JobCommand> jobs = jobs();
        assertThat(jobs).extracting(job -> payload(job).getEmail()).containsExactly(OPS, CTO);
        String notificationId = "alert:" + alert.getAlertId() + ":" + OPS;
        String jobId = UUID.nameUUIDFromBytes(notificationId.getBytes(StandardCharsets.UTF_8)).toString();
        assertThat(jobs.get(0)).isEqualTo(JobCommand.newBuilder()
                .setJobId(jobId)
                .setType(JobType.SEND_NOTIFICATION)
                .setQueue(JobQueue.EMAILS)
                .setAttempt(1)
                .setMaxAttempts(0)
                .setUniqueKey(notificationId)
                .setCorrelationId(alert.getMetadata().getCorrelationId())
                .setCausationId(alert.getMetadata().getEventId().toString())
                .setEnqueuedAt(T0)
                .setFirstEnqueuedAt(T0)
                .setPayload(SendNotification.newBuilder()
                        .setNotificationId(notificationId)
                        .setChannel(NotificationChannel.EMAIL)
                        .setCategory(NotificationCategory.ADMIN)
                        .setCritical(true)
                        .setUserId(null)
                        .setEmail(OPS)
                        .setLocaleSettings(null)
                        .setTemplateId("admin-alert")
                        .setTemplateParams(Map.of(
                                "title", alert.getTitle(),
                                "detail", alert.getDetail(),
                                "severity", "CRITICAL",
                                "kind", "JOB_DEAD_LETTERED",
                                "source", "processor/job-scheduler",
                                "queue", "PAYMENTS",
                                "jobId", alert.getJobId(),
                                "jobType", "PROCESS_PAYMENT",
                                "transactionId", "tx-42"))
                        .setSubject(alert.getTitle())
                        .setBody(null)
                        .setAttachments(List.of())
                        .setCampaignId(null)
                        .build())
                .build());
        assertThat(jobRequests.readKeyValuesToList()).isEmpty();
    }

    @Test
    void shouldPassTheWaitOfALongWaitAlert() {
        // Given
        start(TWO_ADMINS);

        // When
        raise(longWait("queue-long-wait:payments", T0));

        // Then
        assertThat(jobs()).hasSize(2).allSatisfy(job -> assertThat(payload(job).getTemplateParams())
                .contains(Map.entry("kind", "QUEUE_LONG_WAIT"), Map.entry("severity", "WARNING"),
                        Map.entry("queue", "PAYMENTS"), Map.entry("waitMillis", "900000"),
                        Map.entry("thresholdMillis", "600000"))
                .doesNotContainKeys("jobId", "jobType"));
    }

    @Test
    void shouldMailAlertsWithTheSameDedupeKeyOncePerSuppressionWindow() {
        // Given
        start(TWO_ADMINS);
        String payments = "queue-long-wait:payments";

        // When: the same key at 0, 10 and 16 minutes; another key at 10 minutes; two alerts without a key
        raise(longWait(payments, T0));
        List<JobCommand> first = jobs();
        raise(longWait(payments, T0.plus(Duration.ofMinutes(10))));
        List<JobCommand> suppressed = jobs();
        raise(longWait("queue-long-wait:media", T0.plus(Duration.ofMinutes(10))));
        List<JobCommand> otherKey = jobs();
        raise(longWait(payments, T0.plus(Duration.ofMinutes(16))));
        List<JobCommand> afterWindow = jobs();
        raise(deadLettered(null, T0.plus(Duration.ofMinutes(17))));
        raise(deadLettered(null, T0.plus(Duration.ofMinutes(17))));
        List<JobCommand> withoutKey = jobs();

        // Then
        assertThat(first).hasSize(2);
        assertThat(suppressed).isEmpty();
        assertThat(otherKey).hasSize(2);
        assertThat(afterWindow).hasSize(2);
        assertThat(withoutKey).hasSize(4);
        assertThat(driver.<String, Long>getKeyValueStore(AdminAlertMails.DEDUPE_STORE).get(payments))
                .isEqualTo(T0.plus(Duration.ofMinutes(16)).toEpochMilli());
    }

    @Test
    void shouldNotMoveTheWindowBackForAnOldAlertArrivingLate() {
        // Given: mailed at 30 minutes
        start(TWO_ADMINS);
        String payments = "queue-long-wait:payments";
        raise(longWait(payments, T0.plus(Duration.ofMinutes(30))));
        assertThat(jobs()).hasSize(2);

        // When: one from 20 minutes (inside the window), one from the start (outside), then one at 44 minutes
        raise(longWait(payments, T0.plus(Duration.ofMinutes(20))));
        List<JobCommand> inside = jobs();
        raise(longWait(payments, T0));
        List<JobCommand> outside = jobs();
        raise(longWait(payments, T0.plus(Duration.ofMinutes(44))));

        // Then
        assertThat(inside).isEmpty();
        assertThat(outside).hasSize(2);
        assertThat(jobs()).isEmpty();
    }

    @Test
    void shouldMailNobodyWithoutConfiguredAdmins() {
        // Given
        start(AdminAlertSettings.DEFAULTS);

        // When
        raise(deadLettered(null, T0));
        raise(longWait("queue-long-wait:payments", T0));

        // Then
        assertThat(jobRequests.isEmpty()).isTrue();
        assertThat(AdminAlertSettings.DEFAULTS.adminEmails()).isEmpty();
        assertThat(AdminAlertSettings.DEFAULTS.suppressFor()).isEqualTo(Duration.ofMinutes(15));
    }

    @Test
    void shouldKeepEachConfiguredAddressOnce() {
        AdminAlertSettings settings = new AdminAlertSettings(List.of(" ops@example.org", "", "OPS@example.org ", CTO),
                Duration.ZERO);

        assertThat(settings.adminEmails()).containsExactly(OPS, CTO);
        assertThatThrownBy(() -> new AdminAlertSettings(List.of(OPS), Duration.ofMinutes(-1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldNameEveryNodeAndTheStore() {
        Topology topology = topology(TWO_ADMINS);
        List<String> names = new ArrayList<>();
        List<String> stores = new ArrayList<>();
        for (TopologyDescription.Subtopology subtopology : topology.describe().subtopologies()) {
            for (TopologyDescription.Node node : subtopology.nodes()) {
                if (!node.name().equals(JOB_REQUESTS + "-sink")) {
                    names.add(node.name());
                }
                if (node instanceof TopologyDescription.Processor processor) {
                    stores.addAll(processor.stores());
                }
            }
        }
        assertThat(names).allMatch(name -> name.startsWith("notifications-admin-alert"))
                .contains(AdminAlertMails.SOURCE, AdminAlertMails.WITH_DEDUPE_KEY, AdminAlertMails.WITHOUT_DEDUPE_KEY,
                        AdminAlertMails.KEY_BY_DEDUPE_KEY, AdminAlertMails.BY_DEDUPE_KEY + "-repartition-sink",
                        AdminAlertMails.BY_DEDUPE_KEY + "-repartition-source", AdminAlertMails.DEDUPE,
                        AdminAlertMails.MERGE, AdminAlertMails.MAILS);
        assertThat(stores).containsExactly(AdminAlertMails.DEDUPE_STORE);
        assertThat(AdminAlertMails.DEDUPE_STORE).isEqualTo("notifications-admin-alert-dedupe-store");
        // the shape does not depend on who is configured
        assertThat(topology(AdminAlertSettings.DEFAULTS).describe()).isEqualTo(topology.describe());
    }

    // ---- helpers ----------------------------------------------------------------------------------------------------

    private Topology topology(AdminAlertSettings settings) {
        StreamsBuilder builder = new StreamsBuilder();
        AdminAlertMails.build(builder, avro, settings)
                .to(JOB_REQUESTS, Produced.with(Serdes.String(), AvroSerdes.<JobCommand>typed(avro))
                        .withName(JOB_REQUESTS + "-sink"));
        return builder.build();
    }

    private void start(AdminAlertSettings settings) {
        driver = new TopologyTestDriver(topology(settings), DriverConfig.of("admin-alert-test", stateDir), T0);
        alerts = driver.createInputTopic(Topics.ADMIN_ALERTS.name(), new StringSerializer(), avro.serializer());
        jobRequests = driver.createOutputTopic(JOB_REQUESTS, new StringDeserializer(), avro.deserializer());
    }

    private void raise(AdminAlertRaised alert) {
        alerts.pipeInput(alert.getAlertId(), alert, alert.getMetadata().getOccurredAt());
    }

    private List<JobCommand> jobs() {
        return jobRequests.readKeyValuesToList().stream()
                .peek(record -> assertThat(record.key).isEqualTo(((JobCommand) record.value).getJobId()))
                .map(record -> (JobCommand) record.value)
                .toList();
    }

    private static SendNotification payload(JobCommand job) {
        return (SendNotification) job.getPayload();
    }

    private static AdminAlertRaised deadLettered(String dedupeKey, Instant at) {
        String jobId = UUID.randomUUID().toString();
        return AdminAlertRaised.newBuilder()
                .setMetadata(metadata(at))
                .setAlertId(UUID.randomUUID().toString())
                .setKind(AlertKind.JOB_DEAD_LETTERED)
                .setSeverity(AlertSeverity.CRITICAL)
                .setSource("processor/job-scheduler")
                .setTitle("Job ProcessPayment " + jobId + " dead-lettered on payments")
                .setDetail("Attempt 4 of 4 failed: provider timeout. Retry it from the CLI once the provider is back.")
                .setDedupeKey(dedupeKey)
                .setQueue(JobQueue.PAYMENTS)
                .setJobId(jobId)
                .setJobType(JobType.PROCESS_PAYMENT)
                // an attribute may not override a named fact
                .setAttributes(Map.of("transactionId", "tx-42", "title", "overridden"))
                .build();
    }

    private static AdminAlertRaised longWait(String dedupeKey, Instant at) {
        return AdminAlertRaised.newBuilder()
                .setMetadata(metadata(at))
                .setAlertId(UUID.randomUUID().toString())
                .setKind(AlertKind.QUEUE_LONG_WAIT)
                .setSeverity(AlertSeverity.WARNING)
                .setSource("processor/job-scheduler")
                .setTitle("Queue payments: oldest job waits 15 minutes")
                .setDetail("The oldest waiting job has waited longer than the queue's threshold of 10 minutes.")
                .setDedupeKey(dedupeKey)
                .setQueue(JobQueue.PAYMENTS)
                .setWaitMillis(900_000L)
                .setThresholdMillis(600_000L)
                .setAttributes(Map.of())
                .build();
    }
}
