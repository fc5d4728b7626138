// Tier: unit (the shipped application.properties against the topic catalogue, no Quarkus).
package io.coursestream.processor;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;

import io.coursestream.schemas.topics.Topics;

class ApplicationPropertiesTest {

    private final Properties properties = load();

    @Test
    void shouldWaitForEveryTopicTheTopologyReadsOrWrites() {
        List<String> expected = Stream.of(Topics.inputs().stream(),
                        Stream.of(Topics.PROCESSOR_DEAD_LETTER, Topics.CONTROL_COMMANDS, Topics.JOB_REQUESTS,
                                Topics.JOB_LIFECYCLE, Topics.JOB_SCHEDULING, Topics.JOB_DEAD_LETTER, Topics.ADMIN_ALERTS,
                                Topics.POINTS_RULES, Topics.POINTS_LEDGER, Topics.POINTS_EVENTS, Topics.POINTS_TOTALS,
                                Topics.PREFERENCE_CHANGES, Topics.NOTIFICATION_EVENTS, Topics.COURSE_POPULARITY,
                                Topics.PAYMENT_RESULTS, Topics.AFFILIATE_EVENTS, Topics.AFFILIATE_STATS,
                                Topics.AFFILIATE_PROFILES, Topics.PAYMENT_PROVIDER_RESULTS, Topics.PAYMENT_WEBHOOKS,
                                Topics.PAYMENT_TRANSACTIONS, Topics.INVOICE_NUMBERS, Topics.INVOICE_EVENTS,
                                Topics.COURSE_PROGRESS, Topics.COURSE_STRUCTURE, Topics.PROGRESS_EVENTS,
                                Topics.CERTIFICATE_EVENTS, Topics.CERTIFICATE_STATUS, Topics.CERTIFICATE_REGENERATIONS),
                        Topics.jobQueues().stream())
                .flatMap(topics -> topics.map(topic -> topic.name()))
                .toList();

        assertThat(Arrays.stream(properties.getProperty("quarkus.kafka-streams.topics").split(",")).map(String::trim))
                .containsExactlyInAnyOrderElementsOf(expected);
    }

    @Test
    void shouldRunExactlyOnceUnderAStableKebabCaseApplicationId() {
        assertThat(properties.getProperty("quarkus.kafka-streams.application-id")).isEqualTo("coursestream-stream-processor");
        assertThat(properties.getProperty("kafka-streams." + StreamsConfig.PROCESSING_GUARANTEE_CONFIG))
                .isEqualTo(StreamsConfig.EXACTLY_ONCE_V2);
    }

    @Test
    void shouldNameExceptionHandlersThatExist() {
        Stream.of(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG,
                        StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG,
                        StreamsConfig.PRODUCTION_EXCEPTION_HANDLER_CLASS_CONFIG)
                .map(key -> properties.getProperty("kafka-streams." + key))
                .forEach(handler -> assertThat(handler).isNotNull().satisfies(name -> Class.forName(name)));
    }

    @Test
    void shouldShortenTheFetchWaitOfTheStreamThreadsConsumersOnly() {
        // given Kafka Streams' configuration as the shipped kafka-streams.* keys make it (the servers come at run time)
        Map<String, Object> settings = new HashMap<>();
        properties.stringPropertyNames().stream().filter(key -> key.startsWith("kafka-streams."))
                .forEach(key -> settings.put(key.substring("kafka-streams.".length()), properties.getProperty(key)));
        settings.put(StreamsConfig.APPLICATION_ID_CONFIG, "coursestream-stream-processor");
        settings.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:9092");
        StreamsConfig config = new StreamsConfig(settings);

        // then the stream threads' consumers wait at most 20 ms for a fetch, the global and restore consumers Kafka's
        // default (see the comment in application.properties)
        assertThat(config.getMainConsumerConfigs("coursestream-stream-processor", "main", 0))
                .containsEntry(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "20");
        assertThat(config.getGlobalConsumerConfigs("global")).doesNotContainKey(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG);
        assertThat(config.getRestoreConsumerConfigs("restore")).doesNotContainKey(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG);
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
