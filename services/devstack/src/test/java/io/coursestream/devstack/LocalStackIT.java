// Tier: IT (the local stack in this JVM: real Kafka, Apicurio Registry, S3 server, SMTP and PostgreSQL on 127.0.0.1)
package io.coursestream.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import io.coursestream.demo.DemoOptions;
import io.coursestream.demo.DemoTraffic;
import io.coursestream.schemas.serde.AvroSerdes;
import io.coursestream.schemas.topics.Topic;
import io.coursestream.schemas.topics.Topics;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.S3Object;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LocalStackIT {

    private static final String CHECK_TOPIC = "devstack.it-check";
    private static final String SCHEMA_ID = "devstack-it-check";

    @TempDir
    static Path stateDir;

    private Stack stack;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    void startTheStack() {
        stack = Stack.up(options());
    }

    @AfterAll
    void stopWhatIsStillRunning() {
        // Idempotent: stops what a failed test left running.
        if (stack != null) {
            stack.close();
        }
    }

    /** An empty environment: the embedded PostgreSQL even where COURSESTREAM_POSTGRES_URL is set. */
    private Stack.Options options() {
        return new Stack.Options(stateDir, null, null, Duration.ofSeconds(60), Duration.ofSeconds(60), Map.of());
    }

    @Test
    @Order(1)
    void shouldCreateEveryCatalogueTopicAndRunTransactionsOnTheBroker() throws Exception {
        try (Admin admin = admin()) {
            Set<String> names = admin.listTopics().names().get();
            assertThat(names).containsAll(Topics.all().stream().map(Topic::name).toList());

            admin.createTopics(List.of(new NewTopic(CHECK_TOPIC, 2, (short) 1))).all().get();
        }

        // Exactly-once processing needs a working transaction coordinator on the single node.
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.endpoints().bootstrapServers(),
                ProducerConfig.TRANSACTIONAL_ID_CONFIG, "devstack-it",
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class))) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(CHECK_TOPIC, "key", "committed"));
            producer.commitTransaction();
        }
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.endpoints().bootstrapServers(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class))) {
            // Assigned, not subscribed: no consumer group to join, the check stays quick.
            List<TopicPartition> partitions = List.of(new TopicPartition(CHECK_TOPIC, 0),
                    new TopicPartition(CHECK_TOPIC, 1));
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            List<String> values = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (values.isEmpty() && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(500)).forEach((ConsumerRecord<String, String> r) -> values.add(r.value()));
            }
            assertThat(values).containsExactly("committed");
        }
    }

    @Test
    @Order(2)
    void shouldRegisterAndServeASchemaInTheRegistry() throws Exception {
        String schema = "{\\\"type\\\":\\\"record\\\",\\\"name\\\":\\\"Check\\\",\\\"fields\\\":[{\\\"name\\\":\\\"id\\\",\\\"type\\\":\\\"string\\\"}]}";
        String body = "{\"artifactId\":\"" + SCHEMA_ID + "\",\"artifactType\":\"AVRO\",\"firstVersion\":{\"content\":"
                + "{\"content\":\"" + schema + "\",\"contentType\":\"application/json\"}}}";

        HttpResponse<String> created = http.send(HttpRequest.newBuilder(
                        URI.create(stack.endpoints().registryUrl() + "/groups/default/artifacts"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
        assertThat(registeredSchema()).contains("\"name\":\"Check\"");
    }

    @Test
    @Order(3)
    void shouldStoreListAndDeleteObjectsIncludingAMultipartUploadInS3() {
        StackEndpoints e = stack.endpoints();
        try (S3Client s3 = S3Client.builder()
                .endpointOverride(URI.create(e.s3Endpoint()))
                .region(Region.of(e.s3Region()))
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(e.s3AccessKey(), e.s3SecretKey())))
                .forcePathStyle(true)
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .httpClient(UrlConnectionHttpClient.create())
                .build()) {
            String bucket = "devstack-it";
            s3.createBucket(b -> b.bucket(bucket));
            s3.putObject(b -> b.bucket(bucket).key("notes/hello.txt").contentType("text/plain"),
                    RequestBody.fromString("hello"));

            assertThat(s3.getObjectAsBytes(b -> b.bucket(bucket).key("notes/hello.txt")).asUtf8String())
                    .isEqualTo("hello");

            byte[] firstPart = new byte[5 * 1024 * 1024];
            Arrays.fill(firstPart, (byte) 1);
            byte[] lastPart = "tail".getBytes(StandardCharsets.UTF_8);
            String upload = s3.createMultipartUpload(b -> b.bucket(bucket).key("big.bin")).uploadId();
            String etag1 = s3.uploadPart(b -> b.bucket(bucket).key("big.bin").uploadId(upload).partNumber(1),
                    RequestBody.fromBytes(firstPart)).eTag();
            String etag2 = s3.uploadPart(b -> b.bucket(bucket).key("big.bin").uploadId(upload).partNumber(2),
                    RequestBody.fromBytes(lastPart)).eTag();
            s3.completeMultipartUpload(b -> b.bucket(bucket).key("big.bin").uploadId(upload).multipartUpload(m -> m
                    .parts(CompletedPart.builder().partNumber(1).eTag(etag1).build(),
                            CompletedPart.builder().partNumber(2).eTag(etag2).build())));

            assertThat(s3.listObjectsV2(b -> b.bucket(bucket)).contents())
                    .extracting(S3Object::key, S3Object::size)
                    .containsExactlyInAnyOrder(
                            org.assertj.core.groups.Tuple.tuple("big.bin", (long) firstPart.length + lastPart.length),
                            org.assertj.core.groups.Tuple.tuple("notes/hello.txt", 5L));

            s3.deleteObject(b -> b.bucket(bucket).key("notes/hello.txt"));
            s3.deleteObject(b -> b.bucket(bucket).key("big.bin"));
            assertThat(s3.listObjectsV2(b -> b.bucket(bucket)).contents()).isEmpty();
        }
    }

    @Test
    @Order(4)
    void shouldReceiveASentMailAndWriteItAsEmlFile() throws Exception {
        StackEndpoints e = stack.endpoints();
        Properties smtp = new Properties();
        smtp.put("mail.smtp.host", e.smtpHost());
        smtp.put("mail.smtp.port", Integer.toString(e.smtpPort()));
        MimeMessage mail = new MimeMessage(Session.getInstance(smtp));
        mail.setFrom(new InternetAddress("noreply@coursestream.test"));
        mail.setRecipient(Message.RecipientType.TO, new InternetAddress("learner@coursestream.test"));
        String subject = "Welcome " + UUID.randomUUID();
        mail.setSubject(subject);
        mail.setText("Hello from the local stack");

        Transport.send(mail);

        assertThat(stack.smtp().greenMail().waitForIncomingEmail(5_000, 1)).isTrue();
        assertThat(stack.smtp().greenMail().getReceivedMessages()).extracting(MimeMessage::getSubject)
                .containsExactly(subject);
        try (var files = Files.list(stack.smtp().mailDir())) {
            List<Path> eml = files.toList();
            assertThat(eml).hasSize(1);
            assertThat(eml.get(0).getFileName().toString()).endsWith("-learner@coursestream.test.eml");
            assertThat(Files.readString(eml.get(0))).contains("Subject: " + subject);
        }
    }

    @Test
    @Order(5)
    void shouldAnswerSelectOneInTheCoursestreamDatabase() throws Exception {
        StackEndpoints e = stack.endpoints();
        try (Connection connection = DriverManager.getConnection(e.jdbcUrl(), e.jdbcUsername(), e.jdbcPassword());
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("select 1, current_database()")) {
            assertThat(rows.next()).isTrue();
            assertThat(rows.getInt(1)).isEqualTo(1);
            assertThat(rows.getString(2)).isEqualTo("coursestream");
        }
    }

    @Test
    @Order(6)
    void shouldCarryDemoTrafficOntoEveryInputTopicThroughTheRegistry() throws Exception {
        long events = 400;
        try (DemoTraffic traffic = DemoTraffic.start(stack.endpoints().bootstrapServers(),
                AvroSerdes.forRegistry(stack.endpoints().registryUrl()), new DemoOptions(7L, 1_000, 50, 3), events)) {
            traffic.join();
        }

        Map<String, Object> config = new HashMap<>(
                AvroSerdes.forRegistry(stack.endpoints().registryUrl()).consumerConfig());
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.endpoints().bootstrapServers());
        config.put(ConsumerConfig.GROUP_ID_CONFIG, "devstack-it-demo");
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        Map<String, Long> perTopic = new TreeMap<>();
        try (KafkaConsumer<String, SpecificRecord> consumer = new KafkaConsumer<>(config)) {
            consumer.subscribe(Topics.inputs().stream().map(Topic::name).toList());
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (perTopic.values().stream().mapToLong(Long::longValue).sum() < events && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, SpecificRecord> record : consumer.poll(Duration.ofMillis(500))) {
                    assertThat(Topics.byName(record.topic()).orElseThrow().carries(record.value().getClass()))
                            .as("%s on %s", record.value().getSchema().getName(), record.topic()).isTrue();
                    perTopic.merge(record.topic(), 1L, Long::sum);
                }
            }
        }

        assertThat(perTopic.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(events);
        assertThat(perTopic.keySet()).containsExactlyInAnyOrderElementsOf(
                Topics.inputs().stream().map(Topic::name).toList());
    }

    @Test
    @Order(7)
    void shouldUseAConfiguredPostgresWhenTheEnvironmentNamesOneAndNeverStopIt() {
        StackEndpoints e = stack.endpoints();
        Map<String, String> environment = Map.of(PostgresServer.URL_VARIABLE, e.jdbcUrl(),
                PostgresServer.USER_VARIABLE, e.jdbcUsername(), PostgresServer.PASSWORD_VARIABLE, e.jdbcPassword());

        PostgresServer configured = PostgresServer.fromEnvironmentOrEmbedded(environment, stateDir.resolve("unused"),
                LoopbackPorts.free(), Duration.ofSeconds(10));
        configured.close();

        assertThat(configured.isEmbedded()).isFalse();
        assertThat(configured.pid()).isEmpty();
        assertThat(configured.jdbcUrl()).isEqualTo(e.jdbcUrl());
        assertThat(stack.postgres().answers()).as("closing a configured server leaves it running").isTrue();
        assertThat(stateDir.resolve("unused")).doesNotExist();
    }

    @Test
    @Order(8)
    void shouldStopEveryProcessItStarted() throws Exception {
        List<Long> pids = stack.pids();
        assertThat(pids).as("kafka, registry, postgres, s3").hasSize(4);

        stack.close();

        assertThat(pids).allSatisfy(pid ->
                assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).as("PID " + pid).isFalse());
        try (var pidFiles = Files.list(stateDir.resolve("run"))) {
            assertThat(pidFiles.map(p -> p.getFileName().toString()).collect(Collectors.toSet())).isEmpty();
        }
    }

    @Test
    @Order(9)
    void shouldFindTopicsAndSchemasAgainWhenBrokerAndRegistryRestartOnTheSameState() throws Exception {
        StackTools tools = StackTools.load();
        LoopbackPorts ports = LoopbackPorts.remembered(stateDir);
        Duration timeout = Duration.ofSeconds(60);
        CompletableFuture<RegistryProcess> registryStart = CompletableFuture.supplyAsync(() -> RegistryProcess.start(
                tools, stateDir, ports.port("registry.http"), timeout));
        KafkaBrokerProcess kafka = null;
        try {
            kafka = KafkaBrokerProcess.start(tools, stateDir, ports.port("kafka.broker"), ports.port("kafka.controller"),
                    timeout);
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                    kafka.bootstrapServers()))) {
                assertThat(admin.listTopics().names().get()).contains(CHECK_TOPIC);
            }
            assertThat(registeredSchema(registryStart.join().apiUrl()))
                    .as("the registry's H2 file survives with the Kafka log")
                    .contains("\"name\":\"Check\"");
        } finally {
            if (kafka != null) {
                kafka.close();
            }
            registryStart.handle((registry, failure) -> {
                if (registry != null) {
                    registry.close();
                }
                return null;
            }).join();
        }
    }

    private String registeredSchema() throws Exception {
        return registeredSchema(stack.endpoints().registryUrl());
    }

    private String registeredSchema(String registryUrl) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(registryUrl
                        + "/groups/default/artifacts/" + SCHEMA_ID + "/versions/1/content")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return response.body().replace(" ", "");
    }

    private Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.endpoints().bootstrapServers()));
    }
}
