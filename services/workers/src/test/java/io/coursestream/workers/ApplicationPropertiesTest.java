// Tier: unit (the shipped application.properties against the topic catalogue, no Quarkus)
package io.coursestream.workers;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Locale;
import java.util.Properties;

import org.junit.jupiter.api.Test;

import io.coursestream.schemas.topics.Topics;

class ApplicationPropertiesTest {

    private final Properties properties = load();

    @Test
    void shouldConsumeEveryQueueTopicInItsOwnGroupCommittingOnlyProcessedRecords() {
        Topics.jobQueues().forEach(queue -> {
            String channel = "mp.messaging.incoming." + queue.name().replace('.', '-') + ".";
            assertThat(properties.getProperty(channel + "topic")).isEqualTo(queue.name());
            assertThat(properties.getProperty(channel + "group.id")).isEqualTo(QueueClients.workersGroup(queue.name()));
            assertThat(properties.getProperty(channel + "commit-strategy")).isEqualTo("throttled");
            // the scheduler writes the queues in transactions: an aborted one must never run
            assertThat(properties.getProperty(channel + "isolation.level")).isEqualTo("read_committed");
            assertThat(properties.getProperty(channel + "value.deserializer"))
                    .isEqualTo("io.apicurio.registry.serde.avro.AvroKafkaDeserializer");
            assertThat(Integer.parseInt(properties.getProperty(
                    "smallrye.messaging.worker." + queue.name().replace('.', '-') + ".max-concurrency")))
                    .isPositive();
        });
    }

    @Test
    void shouldGiveEveryQueueATimeoutWithinWhichItsChannelStaysHealthy() {
        Topics.jobQueues().forEach(queue -> {
            String name = queue.name().substring(queue.name().indexOf('.') + 1);
            Duration timeout = Duration.parse(
                    properties.getProperty("coursestream.workers.queues." + name + ".timeout"));
            long maxAgeMillis = Long.parseLong(properties.getProperty("mp.messaging.incoming."
                    + queue.name().replace('.', '-') + ".throttled.unprocessed-record-max-age.ms"));
            assertThat(timeout).as("timeout of %s", queue.name()).isPositive();
            assertThat(maxAgeMillis).as("unprocessed-record-max-age of %s", queue.name())
                    .isGreaterThanOrEqualTo(timeout.toMillis());
        });
    }

    @Test
    void shouldReportToTheLifecycleTopicOnEveryReplica() {
        assertThat(properties.getProperty("mp.messaging.outgoing.job-lifecycle.topic"))
                .isEqualTo(Topics.JOB_LIFECYCLE.name());
        assertThat(properties.getProperty("mp.messaging.outgoing.job-lifecycle.acks")).isEqualTo("all");
    }

    @Test
    void shouldWriteEveryNotificationEventThroughOneChannelOnEveryReplica() {
        String channel = "mp.messaging.outgoing.notification-events.";
        assertThat(properties.getProperty(channel + "topic")).isEqualTo(Topics.NOTIFICATION_EVENTS.name());
        assertThat(properties.getProperty(channel + "acks")).isEqualTo("all");
        assertThat(properties.getProperty(channel + "enable.idempotence")).isEqualTo("true");
        assertThat(properties.getProperty(channel + "value.serializer"))
                .isEqualTo("io.apicurio.registry.serde.avro.AvroKafkaSerializer");
        assertThat(properties.stringPropertyNames().stream()
                .filter(key -> key.startsWith("mp.messaging.") && key.endsWith(".topic"))
                .filter(key -> properties.getProperty(key).equals(Topics.NOTIFICATION_EVENTS.name())))
                .containsExactly(channel + "topic");
    }

    @Test
    void shouldCloseAnIdleSmtpConnectionBeforeTheServerDoes() {
        // GreenMail (the tests' and the local stack's SMTP server) drops a client idle for 30 s; a send that takes a
        // pooled connection at that moment fails with the server's 421 (it failed CI once with Quarkus' 300 s)
        assertThat(Duration.parse(properties.getProperty("quarkus.mailer.keep-alive-timeout")))
                .isLessThan(Duration.ofSeconds(30));
    }

    @Test
    void shouldShipNoWebhookSecretOutsideDevAndTest() {
        assertThat(properties.stringPropertyNames())
                .noneMatch(key -> key.startsWith("coursestream.notifications.") && key.endsWith("-secret"));
    }

    @Test
    void shouldDeclareNoChannelForATopicOutsideTheCatalogue() {
        properties.stringPropertyNames().stream()
                .filter(key -> key.startsWith("mp.messaging.") && key.endsWith(".topic"))
                .map(properties::getProperty)
                .forEach(topic -> assertThat(Topics.byName(topic.toLowerCase(Locale.ROOT))).isPresent());
    }

    private static Properties load() {
        Properties properties = new Properties();
        try (InputStream in = ApplicationPropertiesTest.class.getResourceAsStream("/application.properties")) {
            properties.load(in);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return properties;
    }
}
