// Tier: IT (the shared broker and registry: an earlier processor's unread job requests moved to jobs.requests)
package io.coursestream.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.coursestream.schemas.jobs.JobCommand;
import io.coursestream.schemas.jobs.JobQueue;
import io.coursestream.schemas.jobs.ProbeJob;
import io.coursestream.schemas.serde.AvroSerdes;
import io.coursestream.schemas.topics.Topics;
import io.coursestream.testkit.CoursestreamIT;
import io.coursestream.testkit.TestEnvironment;

@CoursestreamIT
class UpgradeJobRequestsIT {

    private static final int PARTITIONS = 6;

    private final TestEnvironment env;
    private final CliHarness cli;
    private final String applicationId = "upgrade-it-" + UUID.randomUUID();
    private final String legacyTopic = applicationId + "-jobs-requests-by-job-id-repartition";
    private final Admin admin;

    UpgradeJobRequestsIT(TestEnvironment env) {
        this.env = env;
        this.cli = new CliHarness("--bootstrap-servers", env.bootstrapServers(), "--registry-url", env.registryUrl(),
                "--application-id", applicationId);
        this.admin = env.newAdmin();
    }

    @AfterEach
    void closeAdmin() {
        admin.close();
    }

    @Test
    void shouldMoveWhatTheProcessorLeftUnreadOnceAndMarkItRead() throws Exception {
        // given an earlier processor's repartition topic with five requests, the first of which it read
        createLegacyTopic();
        List<JobCommand> requests = IntStream.range(0, 5).mapToObj(i -> request()).toList();
        List<RecordMetadata> written;
        try (Producer<String, SpecificRecord> producer = transactionalProducer()) {
            producer.beginTransaction();
            written = new ArrayList<>();
            for (JobCommand request : requests) {
                written.add(producer.send(new ProducerRecord<>(legacyTopic, request.getJobId(), request)).get());
            }
            producer.commitTransaction();
        }
        RecordMetadata read = written.get(0);
        admin.alterConsumerGroupOffsets(applicationId, Map.of(new TopicPartition(legacyTopic, read.partition()),
                new OffsetAndMetadata(read.offset() + 1))).all().get();
        ControlCommandsTopic jobRequests = ControlCommandsTopic.mark(env, Topics.JOB_REQUESTS);

        // when
        int exit = cli.execute("upgrade", "job-requests");

        // then the four unread requests are on jobs.requests, each on its partition of the legacy topic
        assertThat(exit).as(cli.err()).isZero();
        assertThat(cli.out()).startsWith("moved 4 job request(s) from " + legacyTopic + " to jobs.requests (partition ");
        List<ConsumerRecord<String, SpecificRecord>> moved = jobRequests.writtenSinceMark();
        assertThat(moved).extracting(ConsumerRecord::value).containsExactlyInAnyOrderElementsOf(requests.subList(1, 5));
        Map<String, Integer> legacyPartitions = IntStream.range(1, 5).boxed()
                .collect(Collectors.toMap(i -> requests.get(i).getJobId(), i -> written.get(i).partition()));
        assertThat(moved).allSatisfy(record -> {
            assertThat(record.key()).isEqualTo(((JobCommand) record.value()).getJobId());
            assertThat(record.partition()).isEqualTo(legacyPartitions.get(record.key()));
        });
        // and the processor's group has read the legacy topic to its end
        assertThat(committedOffsets()).isEqualTo(endOffsets());

        // when run again
        cli.clear();
        int again = cli.execute("upgrade", "job-requests");

        // then it moves nothing
        assertThat(again).as(cli.err()).isZero();
        assertThat(cli.out()).isEqualTo("nothing to move: no job request is left unread in " + legacyTopic
                + System.lineSeparator());
        assertThat(jobRequests.writtenSinceMark()).hasSize(4);
    }

    @Test
    void shouldRefuseWhileAProcessorInstanceIsInTheGroup() throws Exception {
        // given a legacy request unread, and a member in the processor's group
        createLegacyTopic();
        try (Producer<String, SpecificRecord> producer = transactionalProducer()) {
            producer.beginTransaction();
            JobCommand request = request();
            producer.send(new ProducerRecord<>(legacyTopic, request.getJobId(), request));
            producer.commitTransaction();
        }
        ControlCommandsTopic jobRequests = ControlCommandsTopic.mark(env, Topics.JOB_REQUESTS);
        try (Consumer<String, String> member = groupMember()) {
            member.subscribe(List.of(legacyTopic));
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                member.poll(Duration.ofMillis(100));
                return !member.assignment().isEmpty();
            });

            // when
            int exit = cli.execute("upgrade", "job-requests");

            // then
            assertThat(exit).isEqualTo(AdminCli.FAILURE);
            assertThat(cli.err()).contains("consumer group " + applicationId + " has 1 active member(s): stop every "
                    + "stream processor instance first");
            assertThat(jobRequests.writtenSinceMark()).isEmpty();
        }
    }

    @Test
    void shouldWaitForAnOpenTransactionAndNeverMoveAbortedRequests() throws Exception {
        // given a request in a transaction an instance left open
        createLegacyTopic();
        ControlCommandsTopic jobRequests = ControlCommandsTopic.mark(env, Topics.JOB_REQUESTS);
        try (Producer<String, SpecificRecord> producer = transactionalProducer()) {
            producer.beginTransaction();
            JobCommand request = request();
            producer.send(new ProducerRecord<>(legacyTopic, request.getJobId(), request)).get();

            // when
            int whileOpen = cli.execute("upgrade", "job-requests");

            // then it refuses, naming the partition
            assertThat(whileOpen).isEqualTo(AdminCli.FAILURE);
            assertThat(cli.err()).contains("a transaction is still open on " + legacyTopic + "-");

            // and once the transaction is aborted, the request is not moved
            producer.abortTransaction();
        }
        cli.clear();
        int afterAbort = cli.execute("upgrade", "job-requests");
        assertThat(afterAbort).as(cli.err()).isZero();
        assertThat(cli.out()).startsWith("nothing to move: no job request is left unread in " + legacyTopic);
        assertThat(jobRequests.writtenSinceMark()).isEmpty();
        assertThat(committedOffsets()).isEqualTo(endOffsets());
    }

    @Test
    void shouldSayThereIsNothingToMoveWhenTheTopicDoesNotExist() {
        int exit = cli.execute("upgrade", "job-requests");

        assertThat(exit).as(cli.err()).isZero();
        assertThat(cli.out()).isEqualTo("nothing to move: " + legacyTopic + " does not exist" + System.lineSeparator());
    }

    private void createLegacyTopic() throws InterruptedException, ExecutionException {
        admin.createTopics(List.of(new NewTopic(legacyTopic, PARTITIONS, (short) 1))).all().get();
    }

    private Map<TopicPartition, Long> committedOffsets() throws InterruptedException, ExecutionException {
        return admin.listConsumerGroupOffsets(applicationId).partitionsToOffsetAndMetadata().get().entrySet().stream()
                .filter(entry -> entry.getKey().topic().equals(legacyTopic))
                .collect(Collectors.toMap(Map.Entry::getKey, entry -> entry.getValue().offset()));
    }

    /** End offsets of the partitions that hold anything, as a group that read them all has them. */
    private Map<TopicPartition, Long> endOffsets() throws InterruptedException, ExecutionException {
        Map<TopicPartition, OffsetSpec> latest = IntStream.range(0, PARTITIONS).boxed()
                .collect(Collectors.toMap(partition -> new TopicPartition(legacyTopic, partition),
                        partition -> OffsetSpec.latest()));
        return admin.listOffsets(latest).all().get().entrySet().stream()
                .filter(entry -> entry.getValue().offset() > 0)
                .collect(Collectors.toMap(Map.Entry::getKey, entry -> entry.getValue().offset()));
    }

    private static JobCommand request() {
        return ProbeJobs.probe(JobQueue.EMAILS, ProbeJob.newBuilder().build(), null, null, Instant.now());
    }

    private Producer<String, SpecificRecord> transactionalProducer() {
        Map<String, Object> config = new HashMap<>(AvroSerdes.forRegistry(env.registryUrl()).producerConfig());
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, env.bootstrapServers());
        config.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, applicationId + "-legacy-" + UUID.randomUUID());
        Producer<String, SpecificRecord> producer = new KafkaProducer<>(config);
        producer.initTransactions();
        return producer;
    }

    private Consumer<String, String> groupMember() {
        return new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, env.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, applicationId,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName()));
    }
}
