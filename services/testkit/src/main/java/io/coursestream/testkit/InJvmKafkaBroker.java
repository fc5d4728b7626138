package io.coursestream.testkit;

import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.FeatureUpdate;
import org.apache.kafka.clients.admin.UpdateFeaturesOptions;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.apache.kafka.server.common.Feature;
import org.apache.kafka.server.common.MetadataVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real KRaft broker inside the test JVM (Kafka's own {@link KafkaClusterTestKit}): one node that is broker and
 * controller, on a loopback port, ready in about 3 s. Settings as on the local stack's broker: replication factors 1,
 * one offsets partition, transactions on one node, no rebalance delay, topics only from the catalogue.
 */
final class InJvmKafkaBroker implements TestBroker {

    private static final Logger LOG = LoggerFactory.getLogger(InJvmKafkaBroker.class);

    private final KafkaClusterTestKit cluster;

    private InJvmKafkaBroker(KafkaClusterTestKit cluster) {
        this.cluster = cluster;
    }

    static InJvmKafkaBroker start(Path baseDirectory) {
        KafkaClusterTestKit cluster = null;
        try {
            TestKitNodes nodes = new TestKitNodes.Builder()
                    .setCombined(true)
                    .setNumBrokerNodes(1)
                    .setNumControllerNodes(1)
                    // The default is the newest, unstable metadata version; test what production runs.
                    .setBootstrapMetadataVersion(MetadataVersion.latestProduction())
                    .setBaseDirectory(baseDirectory)
                    .build();
            KafkaClusterTestKit.Builder builder = new KafkaClusterTestKit.Builder(nodes)
                    .setConfigProp("offsets.topic.num.partitions", "1")
                    .setConfigProp("offsets.topic.replication.factor", "1")
                    .setConfigProp("transaction.state.log.replication.factor", "1")
                    .setConfigProp("transaction.state.log.min.isr", "1")
                    .setConfigProp("transaction.state.log.num.partitions", "1")
                    .setConfigProp("share.coordinator.state.topic.replication.factor", "1")
                    .setConfigProp("share.coordinator.state.topic.min.isr", "1")
                    .setConfigProp("group.initial.rebalance.delay.ms", "0")
                    .setConfigProp("default.replication.factor", "1")
                    .setConfigProp("min.insync.replicas", "1")
                    .setConfigProp("auto.create.topics.enable", "false")
                    // The test kit enables unstable features and APIs by default; production brokers do not.
                    .setConfigProp("unstable.api.versions.enable", "false")
                    .setConfigProp("unstable.feature.versions.enable", "false");
            // -Dcoursestream.broker.set.<key>=<value>, for experiments (scripts/bench)
            SettingOverrides.of("coursestream.broker.").forEach(builder::setConfigProp);
            cluster = builder.build();
            cluster.format();
            cluster.startup();
            cluster.waitForReadyBrokers();
            finalizeProductionFeatures(cluster);
            return new InJvmKafkaBroker(cluster);
        } catch (Exception e) {
            if (cluster != null) {
                closeQuietly(cluster);
            }
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new IllegalStateException("the in-JVM Kafka broker did not start", e);
        }
    }

    /**
     * Finalizes each production feature at its default for the metadata version, as {@code kafka-storage format}
     * does for the local stack's broker and a production cluster: the test kit bootstraps {@code metadata.version}
     * alone, which leaves {@code transaction.version} at 0. At 2 (KIP-890), a transaction adds its partitions with
     * its produce requests instead of one AddPartitionsToTxn round trip, retried while the previous transaction's
     * markers are written; exactly-once tests would otherwise run the older, slower protocol.
     */
    private static void finalizeProductionFeatures(KafkaClusterTestKit cluster) throws Exception {
        MetadataVersion version = MetadataVersion.latestProduction();
        Map<String, FeatureUpdate> upgrades = new TreeMap<>();
        for (Feature feature : Feature.PRODUCTION_FEATURES) {
            short level = feature.defaultLevel(version);
            // kraft.version belongs to the quorum (kafka-storage's --standalone), not to this upgrade.
            if (feature != Feature.KRAFT_VERSION && level > 0) {
                upgrades.put(feature.featureName(), new FeatureUpdate(level, FeatureUpdate.UpgradeType.UPGRADE));
            }
        }
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                cluster.bootstrapServers()))) {
            admin.updateFeatures(upgrades, new UpdateFeaturesOptions()).all().get();
        }
        LOG.info("in-JVM Kafka broker: features {} finalized", upgrades.keySet());
    }

    @Override
    public String bootstrapServers() {
        return cluster.bootstrapServers();
    }

    @Override
    public String description() {
        return "in-JVM KRaft broker " + bootstrapServers();
    }

    @Override
    public void close() {
        closeQuietly(cluster);
    }

    private static void closeQuietly(KafkaClusterTestKit cluster) {
        try {
            cluster.close();
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            LOG.warn("stopping the in-JVM Kafka broker failed", e);
        }
    }
}
