package io.coursestream.devstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.common.Uuid;

/**
 * A real Kafka broker as a process: one KRaft node that is broker and controller at once, listening on 127.0.0.1
 * only, with every replication factor at 1 so that exactly-once processing (transactions) works on one node.
 *
 * <p>Files under {@code <stateDir>/kafka/}: {@code server.properties}, {@code log4j2.xml} and the log directory
 * {@code data/}, which survives restarts (formatting is skipped once {@code data/meta.properties} exists). The
 * server's output goes to {@code <stateDir>/logs/kafka.log}.
 */
public final class KafkaBrokerProcess extends ServerProcess {

    private static final String NAME = "kafka";

    private final String bootstrapServers;

    private KafkaBrokerProcess(ChildProcess process, String bootstrapServers) {
        super(NAME, process);
        this.bootstrapServers = bootstrapServers;
    }

    /**
     * Formats the log directory on first use, starts the broker and returns once an AdminClient gets an answer to
     * describeCluster.
     */
    public static KafkaBrokerProcess start(StackTools tools, Path stateDir, int brokerPort, int controllerPort,
            Duration timeout) {
        Path home = stateDir.resolve("kafka");
        Path dataDir = home.resolve("data");
        Path config = home.resolve("server.properties");
        Path logConfig = home.resolve("log4j2.xml");
        Path log = stateDir.resolve("logs").resolve(NAME + ".log");
        try {
            Files.createDirectories(dataDir);
            Files.writeString(config, render(serverProperties(dataDir, brokerPort, controllerPort)),
                    StandardCharsets.UTF_8);
            try (var in = KafkaBrokerProcess.class.getResourceAsStream("kafka-log4j2.xml")) {
                Files.write(logConfig, in.readAllBytes());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }

        if (!Files.exists(dataDir.resolve("meta.properties"))) {
            // A one-second tool: the quick JIT tier and a small serial heap start it fastest.
            List<String> format = new ArrayList<>(List.of(JavaRuntimes.current().toString(),
                    "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx256m",
                    "-Dlog4j2.configurationFile=" + logConfig.toAbsolutePath(), "-cp", tools.kafkaClasspath()));
            // --standalone: this node is the initial (dynamic) controller quorum by itself.
            format.addAll(List.of("kafka.tools.StorageTool", "format", "--standalone", "--ignore-formatted",
                    "-t", Uuid.randomUuid().toString(), "-c", config.toString()));
            ChildProcess.run(NAME + " storage format", format, home, stateDir.resolve("logs").resolve("kafka-format.log"),
                    Duration.ofSeconds(60));
        }

        List<String> server = new ArrayList<>(javaCommand(tools, logConfig));
        server.addAll(List.of("kafka.Kafka", config.toString()));
        ChildProcess child = ChildProcess.start(NAME, server, home, log, stateDir.resolve("run").resolve(NAME + ".pid"),
                stateDir.toAbsolutePath().toString(), Map.of());
        String bootstrap = LoopbackPorts.HOST + ":" + brokerPort;
        child.awaitReady(timeout, () -> clusterAnswers(bootstrap));
        return new KafkaBrokerProcess(child, bootstrap);
    }

    /** The broker's settings; package-private for the unit test. */
    static Map<String, String> serverProperties(Path dataDir, int brokerPort, int controllerPort) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("process.roles", "broker,controller");
        p.put("node.id", "1");
        p.put("listeners", "PLAINTEXT://127.0.0.1:" + brokerPort + ",CONTROLLER://127.0.0.1:" + controllerPort);
        p.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + brokerPort + ",CONTROLLER://127.0.0.1:" + controllerPort);
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("controller.listener.names", "CONTROLLER");
        p.put("controller.quorum.bootstrap.servers", "127.0.0.1:" + controllerPort);
        p.put("log.dirs", dataDir.toAbsolutePath().toString());
        // Topics come from the topic catalogue (TopicProvisioner), never from a client's first use.
        p.put("auto.create.topics.enable", "false");
        p.put("num.partitions", "1");
        p.put("default.replication.factor", "1");
        p.put("min.insync.replicas", "1");
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "1");
        // exactly_once_v2 needs the transaction log; one node can only hold one replica of it.
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        // One partition instead of 50: the first transactional producer of a fresh stack starts in a fraction.
        p.put("transaction.state.log.num.partitions", "1");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        // A single local consumer group member should not wait 3 s for others that never come.
        p.put("group.initial.rebalance.delay.ms", "0");
        return p;
    }

    static String render(Map<String, String> properties) {
        return properties.entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining("\n", "# written by coursestream-devstack at every start\n", "\n"));
    }

    private static List<String> javaCommand(StackTools tools, Path logConfig) {
        return List.of(JavaRuntimes.current().toString(),
                "-Xms256m", "-Xmx1g", "-XX:+UseG1GC", "-XX:MaxGCPauseMillis=20",
                "-Djava.awt.headless=true",
                "-Dlog4j2.configurationFile=" + logConfig.toAbsolutePath(),
                "-cp", tools.kafkaClasspath());
    }

    private static boolean clusterAnswers(String bootstrapServers) throws Exception {
        Map<String, Object> config = Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2_000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3_000);
        try (Admin admin = Admin.create(config)) {
            return !admin.describeCluster(new DescribeClusterOptions().timeoutMs(3_000))
                    .nodes().get(4, TimeUnit.SECONDS).isEmpty();
        }
    }

    /** {@code 127.0.0.1:<port>} of the PLAINTEXT listener. */
    public String bootstrapServers() {
        return bootstrapServers;
    }
}
