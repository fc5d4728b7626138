// Tier: unit (how catalogue topics become Kafka topics; the broker side is covered by LocalStackIT)
package io.coursestream.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;

import io.coursestream.schemas.topics.Topic;
import io.coursestream.schemas.topics.Topics;

class TopicProvisionerTest {

    private final TopicProvisioner provisioner = TopicProvisioner.local();

    @Test
    void shouldCreateEveryCatalogueTopicWithItsPartitionsSettingsAndReplicationFactorOne() {
        assertThat(Topics.all()).isNotEmpty();
        for (Topic<?, ?> topic : Topics.all()) {
            NewTopic newTopic = provisioner.newTopic(topic);

            assertThat(newTopic.name()).isEqualTo(topic.name());
            assertThat(newTopic.numPartitions()).as(topic.name()).isEqualTo(topic.partitions());
            assertThat(newTopic.replicationFactor()).as(topic.name()).isEqualTo((short) 1);
            assertThat(newTopic.configs()).as(topic.name())
                    .containsEntry("cleanup.policy", topic.cleanupPolicy().configValue())
                    .containsEntry("retention.ms", Long.toString(topic.retentionMs()));
        }
    }

    @Test
    void shouldKeepAnEventLogThatIsTheSourceOfTruthForever() {
        Topic<?, ?> forever = Topics.all().stream()
                .filter(topic -> Topic.FOREVER.equals(topic.retention()))
                .findFirst().orElseThrow();

        assertThat(provisioner.newTopic(forever).configs()).containsEntry("retention.ms", "-1");
    }
}
