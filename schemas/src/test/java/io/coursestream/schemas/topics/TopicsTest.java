// Tier: unit (the topic catalogue's invariants).
package io.coursestream.schemas.topics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;

import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;

class TopicsTest {

    @Test
    void shouldNameEveryTopicOnceAsContextDotStream() {
        List<String> names = Topics.all().stream().map(Topic::name).toList();

        assertThat(names).doesNotHaveDuplicates();
        assertThat(names).allMatch(name -> name.matches("[a-z][a-z0-9-]*\\.[a-z][a-z0-9-]*"));
    }

    @Test
    void shouldCoPartitionEveryKeyedStreamTopic() {
        // points.rules is small and read whole by every instance (a global table), so one partition.
        assertThat(Topics.all())
                .filteredOn(topic -> topic != Topics.POINTS_RULES)
                .allSatisfy(topic -> assertThat(topic.partitions()).as(topic.name()).isEqualTo(Topics.PARTITIONS));
    }

    @Test
    void shouldKeepDeadLettersAtLeastSevenDays() {
        assertThat(Topics.all())
                .filteredOn(topic -> topic.role() == TopicRole.DEAD_LETTER)
                .isNotEmpty()
                .allSatisfy(topic -> assertThat(topic.retention()).isGreaterThanOrEqualTo(Duration.ofDays(7)));
    }

    @Test
    void shouldCompactEveryTable() {
        assertThat(Topics.all())
                .filteredOn(topic -> topic.role() == TopicRole.TABLE)
                .isNotEmpty()
                .allSatisfy(topic -> assertThat(topic.configs()).containsEntry("cleanup.policy", "compact"));
    }

    @Test
    void shouldKeepInputEventLogsForever() {
        assertThat(Topics.inputs()).hasSize(8).allSatisfy(topic -> {
            assertThat(topic.writer()).isEqualTo(Component.UPSTREAM);
            assertThat(topic.configs()).containsEntry("retention.ms", "-1");
            assertThat(topic.valueSchemas()).isNotEmpty();
        });
    }

    @Test
    void shouldDeclareSixJobQueuesOfJobCommands() {
        assertThat(Topics.jobQueues()).extracting(Topic::name).containsExactly(
                "jobs.default", "jobs.payments", "jobs.media", "jobs.emails", "jobs.backups", "jobs.affiliates");
    }

    @Test
    void shouldFindTopicsByName() {
        assertThat(Topics.byName("payments.payment-events")).contains(Topics.PAYMENT_EVENTS);
        assertThat(Topics.byName("no.such-topic")).isEmpty();
    }

    @Test
    void shouldRejectANameThatBreaksTheConvention() {
        assertThatThrownBy(() -> new Topic<>("Users_Events", String.class, SpecificRecord.class, List.of(),
                TopicRole.INPUT, Component.UPSTREAM, 1, CleanupPolicy.DELETE, Topic.FOREVER, "bad"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Users_Events");
    }
}
