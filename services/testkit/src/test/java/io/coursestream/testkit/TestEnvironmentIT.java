// Tier: IT (the shared test environment: in-JVM broker, Apicurio Registry and S3 server processes, GreenMail)
package io.coursestream.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.File;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;

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
import software.amazon.awssdk.services.s3.model.Bucket;

@CoursestreamIT
class TestEnvironmentIT {

    private final TestEnvironment env;

    TestEnvironmentIT(TestEnvironment env) {
        this.env = env;
    }

    @Test
    void shouldCreateEveryCatalogueTopicWithItsPartitionsCleanupPolicyAndRetention() throws Exception {
        List<String> names = Topics.all().stream().map(Topic::name).toList();
        try (Admin admin = env.newAdmin()) {
            Map<String, TopicDescription> descriptions = admin.describeTopics(names).allTopicNames().get();
            Map<ConfigResource, Config> configs = admin.describeConfigs(names.stream()
                    .map(name -> new ConfigResource(ConfigResource.Type.TOPIC, name)).toList()).all().get();

            for (Topic<?, ?> topic : Topics.all()) {
                assertThat(descriptions.get(topic.name()).partitions()).as(topic.name()).hasSize(topic.partitions());
                Config config = configs.get(new ConfigResource(ConfigResource.Type.TOPIC, topic.name()));
                assertThat(config.get("cleanup.policy").value()).as(topic.name())
                        .isEqualTo(topic.cleanupPolicy().configValue());
                assertThat(config.get("retention.ms").value()).as(topic.name())
                        .isEqualTo(Long.toString(topic.retentionMs()));
            }
        }
    }

    @Test
    void shouldDeliverAMailSentToTheSmtpPortToGreenMail() throws Exception {
        Map<String, String> app = env.applicationProperties();
        Properties smtp = new Properties();
        smtp.put("mail.smtp.host", app.get("quarkus.mailer.host"));
        smtp.put("mail.smtp.port", app.get("quarkus.mailer.port"));
        MimeMessage mail = new MimeMessage(Session.getInstance(smtp));
        mail.setFrom(new InternetAddress("noreply@coursestream.test"));
        mail.setRecipient(Message.RecipientType.TO, new InternetAddress("affiliate@coursestream.test"));
        String subject = "Commission approved " + UUID.randomUUID();
        mail.setSubject(subject);
        mail.setText("Your commission was approved.");

        Transport.send(mail);

        assertThat(env.greenMail().waitForIncomingEmail(5_000, 1)).isTrue();
        assertThat(env.greenMail().getReceivedMessagesForDomain("coursestream.test"))
                .extracting(MimeMessage::getSubject).contains(subject);
    }

    @Test
    void shouldAnswerOnTheRegistryApi() throws Exception {
        HttpResponse<String> info = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(env.registryUrl() + "/system/info")).GET().build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(info.statusCode()).isEqualTo(200);
        assertThat(info.body()).contains("\"name\"");
    }

    @Test
    void shouldStoreAndListObjectsOnTheS3Server() {
        try (S3Client s3 = S3Client.builder()
                .endpointOverride(URI.create(env.s3Endpoint()))
                .region(Region.of(env.s3Region()))
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(env.s3AccessKey(), env.s3SecretKey())))
                .forcePathStyle(true)
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .httpClient(UrlConnectionHttpClient.create())
                .build()) {
            String bucket = "testkit-" + UUID.randomUUID();
            s3.createBucket(b -> b.bucket(bucket));
            s3.putObject(b -> b.bucket(bucket).key("hello.txt"), RequestBody.fromString("hello"));

            assertThat(s3.listBuckets().buckets()).extracting(Bucket::name).contains(bucket);
            assertThat(s3.getObjectAsBytes(b -> b.bucket(bucket).key("hello.txt")).asUtf8String()).isEqualTo("hello");
        }
    }

    @Test
    void shouldGiveEveryTestTheSameEnvironmentWithQuarkusDevServicesOff(TestEnvironment injected) {
        Map<String, String> quarkus = new CoursestreamTestResource().start();

        assertThat(injected).isSameAs(env).isSameAs(TestEnvironment.get());
        assertThat(quarkus)
                .containsAllEntriesOf(env.applicationProperties())
                .containsEntry("quarkus.devservices.enabled", "false")
                .containsEntry("quarkus.kafka.devservices.enabled", "false")
                .containsEntry("quarkus.apicurio-registry.devservices.enabled", "false")
                .containsEntry("kafka.bootstrap.servers", env.bootstrapServers())
                .doesNotContainKey("coursestream.postgres.jdbc-url");
        assertThat(env.pids()).hasSize(2).allSatisfy(pid ->
                assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive)).contains(true));
    }

    @Test
    void shouldShareTheEnvironmentWithAnotherClassLoaderInsteadOfStartingASecondOne() throws Exception {
        URL[] classpath = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .map(entry -> {
                    try {
                        return Path.of(entry).toUri().toURL();
                    } catch (MalformedURLException e) {
                        throw new IllegalArgumentException(entry, e);
                    }
                })
                .toArray(URL[]::new);
        // Like Quarkus' test class loader: this library's classes once more, with their own statics.
        try (URLClassLoader quarkusLike = new URLClassLoader(classpath, ClassLoader.getPlatformClassLoader())) {
            Class<?> otherType = quarkusLike.loadClass(TestEnvironment.class.getName());
            assertThat(otherType).isNotSameAs(TestEnvironment.class);

            Object other = otherType.getMethod("get").invoke(null);

            assertThat(otherType.getMethod("bootstrapServers").invoke(other)).isEqualTo(env.bootstrapServers());
            assertThat(otherType.getMethod("registryUrl").invoke(other)).isEqualTo(env.registryUrl());
            assertThat(otherType.getMethod("pids").invoke(other)).as("no second registry or S3 server")
                    .isEqualTo(env.pids());
            assertThatThrownBy(() -> otherType.getMethod("greenMail").invoke(other))
                    .hasCauseInstanceOf(IllegalStateException.class);
        }
    }
}
