package io.coursestream.workers;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;

import io.coursestream.schemas.jobs.BackupDatabase;
import io.coursestream.schemas.jobs.JobCommand;
import io.coursestream.schemas.jobs.JobFailed;
import io.coursestream.schemas.jobs.JobProgressed;
import io.coursestream.schemas.jobs.JobQueue;
import io.coursestream.schemas.jobs.JobStarted;
import io.coursestream.schemas.jobs.JobSucceeded;
import io.coursestream.schemas.jobs.JobType;
import io.coursestream.schemas.jobs.ProbeJob;
import io.coursestream.schemas.jobs.ProcessCourseUpload;
import io.coursestream.schemas.serde.AvroSerdes;
import io.coursestream.schemas.topics.Topics;

/**
 * The ITs' side of the queues: sends commands as the scheduler would, reads {@code jobs.lifecycle} as the scheduler
 * does, and looks at the workers' committed offsets.
 */
public final class QueueClients implements AutoCloseable {

    /** The consumer group of one queue's workers. */
    static String workersGroup(String queueTopic) {
        return "coursestream-workers-" + queueTopic.substring(queueTopic.indexOf('.') + 1);
    }

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final KafkaProducer<String, SpecificRecord> producer;
    private final KafkaConsumer<String, SpecificRecord> lifecycle;
    private final Admin admin;
    private final Map<String, List<SpecificRecord>> reportsByJob = new HashMap<>();

    public QueueClients(String bootstrapServers, String registryUrl) {
        AvroSerdes serdes = AvroSerdes.forRegistry(registryUrl);
        Map<String, Object> producerConfig = new HashMap<>(serdes.producerConfig());
        producerConfig.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        producerConfig.put(ProducerConfig.ACKS_CONFIG, "all");
        producer = new KafkaProducer<>(producerConfig);
        Map<String, Object> consumerConfig = new HashMap<>(serdes.consumerConfig());
        consumerConfig.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        consumerConfig.put(ConsumerConfig.GROUP_ID_CONFIG, "it-" + UUID.randomUUID());
        consumerConfig.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        consumerConfig.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        lifecycle = new KafkaConsumer<>(consumerConfig);
        lifecycle.subscribe(List.of(Topics.JOB_LIFECYCLE.name()));
        admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
    }

    /** Sends the command to its queue topic, keyed by jobId; returns where it landed. */
    public RecordMetadata send(JobCommand command) throws ExecutionException, InterruptedException {
        String topic = "jobs." + command.getQueue().name().toLowerCase(Locale.ROOT);
        return producer.send(new ProducerRecord<>(topic, command.getJobId(), command)).get();
    }

    /** Reads jobs.lifecycle until the job's report of type {@code last} arrived; returns the job's reports in order. */
    List<SpecificRecord> awaitReports(String jobId, Class<? extends SpecificRecord> last) {
        await().atMost(TIMEOUT).pollInterval(Duration.ZERO).until(() -> reports(jobId).stream().anyMatch(last::isInstance));
        return reportsByJob.get(jobId);
    }

    /**
     * The workers' reports on one attempt, in order, once its outcome ({@code JobSucceeded} or {@code JobFailed}) is
     * there. They are taken: an attempt with the same number run later (a job an operator retried from the dead
     * letters starts again at attempt 1) is awaited afresh.
     */
    public List<SpecificRecord> awaitAttempt(String jobId, int attempt) {
        await().atMost(TIMEOUT).pollInterval(Duration.ZERO).until(() -> attemptReports(jobId, attempt).stream()
                .anyMatch(report -> report instanceof JobSucceeded || report instanceof JobFailed));
        List<SpecificRecord> reports = attemptReports(jobId, attempt);
        reportsByJob.get(jobId).removeAll(reports);
        return reports;
    }

    private List<SpecificRecord> attemptReports(String jobId, int attempt) {
        return reports(jobId).stream().filter(report -> attemptOf(report) == attempt).toList();
    }

    private static int attemptOf(SpecificRecord report) {
        if (report instanceof JobStarted started) {
            return started.getAttempt();
        }
        if (report instanceof JobSucceeded succeeded) {
            return succeeded.getAttempt();
        }
        if (report instanceof JobFailed failed) {
            return failed.getAttempt();
        }
        return ((JobProgressed) report).getAttempt();
    }

    /** Reads what jobs.lifecycle has now; returns the job's reports so far. */
    List<SpecificRecord> reports(String jobId) {
        lifecycle.poll(Duration.ofMillis(200)).forEach(record -> reportsByJob
                .computeIfAbsent(record.key(), key -> new ArrayList<>()).add(record.value()));
        return reportsByJob.getOrDefault(jobId, List.of());
    }

    /** The workers' committed offset (the next one to read) on the partition, or -1 if none. */
    long committedOffset(TopicPartition partition) throws ExecutionException, InterruptedException {
        OffsetAndMetadata committed = admin.listConsumerGroupOffsets(workersGroup(partition.topic()))
                .partitionsToOffsetAndMetadata().get().get(partition);
        return committed == null ? -1 : committed.offset();
    }

    @Override
    public void close() {
        producer.close();
        lifecycle.close();
        admin.close();
    }

    static JobCommand uploadCommand(String jobId, int attempt, Instant notBefore) {
        return command(jobId, JobType.PROCESS_COURSE_UPLOAD, JobQueue.DEFAULT, attempt, notBefore,
                ProcessCourseUpload.newBuilder()
                        .setUploadId(UUID.randomUUID().toString())
                        .setCourseId(UUID.randomUUID().toString())
                        .setUploaderId(UUID.randomUUID().toString())
                        .setBucket("coursestream-uploads")
                        .setObjectKey("uploads/course.zip")
                        .setFileName("course.zip")
                        .setContentType("application/zip")
                        .setSizeBytes(1_024)
                        .setSha256("0".repeat(64))
                        .build());
    }

    static JobCommand backupCommand(String jobId) {
        return command(jobId, JobType.BACKUP_DATABASE, JobQueue.BACKUPS, 1, null,
                BackupDatabase.newBuilder()
                        .setBackupId(UUID.randomUUID().toString())
                        .setDatabase("catalog")
                        .setRetentionDays(7)
                        .setRequestedBy("workers-it")
                        .build());
    }

    static JobCommand probeCommand(String jobId, JobQueue queue, int attempt, ProbeJob probe) {
        return command(jobId, JobType.PROBE, queue, attempt, null, probe);
    }

    static ProbeJob probe(long workMillis, int progressSteps, int failAttempts, boolean fatal) {
        return ProbeJob.newBuilder()
                .setWorkMillis(workMillis)
                .setProgressSteps(progressSteps)
                .setFailAttempts(failAttempts)
                .setFatal(fatal)
                .build();
    }

    private static JobCommand command(String jobId, JobType type, JobQueue queue, int attempt, Instant notBefore,
            Object payload) {
        Instant now = Instant.now();
        return JobCommand.newBuilder()
                .setJobId(jobId)
                .setType(type)
                .setQueue(queue)
                .setAttempt(attempt)
                .setMaxAttempts(4)
                .setNotBefore(notBefore)
                .setCorrelationId("flow-" + jobId)
                .setEnqueuedAt(now)
                .setFirstEnqueuedAt(now)
                .setPayload(payload)
                .build();
    }
}
