package io.coursestream.admin;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;

import io.coursestream.schemas.topics.Topics;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code upgrade job-requests}: until stop 23 the stream processor's contexts handed their job requests to its job
 * runtime through an internal repartition topic; since then through {@code jobs.requests}. The requests an earlier
 * version wrote and did not read yet are moved there, with the processor's consumer group marked as having read
 * them, in one transaction ({@link UnreadRecordsMove}): run it once between stopping the old version and starting the
 * new one (a second run moves nothing). Left unread, they would never be scheduled.
 */
@Command(name = "job-requests", mixinStandardHelpOptions = true,
        description = "Move the job requests an earlier stream processor left unread in its repartition topic "
                + "<application-id>-jobs-requests-by-job-id-repartition to jobs.requests (upgrading to stop 23).")
final class UpgradeJobRequestsCommand implements Callable<Integer> {

    private static final String LEGACY_TOPIC_SUFFIX = "-jobs-requests-by-job-id-repartition";

    @ParentCommand
    UpgradeCommand upgrade;

    @Spec
    CommandSpec spec;

    @Option(names = "--application-id", defaultValue = "${env:QUARKUS_KAFKA_STREAMS_APPLICATION_ID:-"
            + "coursestream-stream-processor}",
            description = "The stream processor's application id, its consumer group (env "
                    + "QUARKUS_KAFKA_STREAMS_APPLICATION_ID, default: ${DEFAULT-VALUE}).")
    String applicationId;

    @Override
    public Integer call() {
        String bootstrapServers = upgrade.admin.bootstrapServers;
        String from = applicationId + LEGACY_TOPIC_SUFFIX;
        String to = Topics.JOB_REQUESTS.name();
        UnreadRecordsMove.Moved moved;
        String transactionalId = applicationId + "-upgrade-job-requests";
        try (Admin admin = Admin.create(AdminKafka.adminConfig(bootstrapServers));
                Consumer<byte[], byte[]> consumer = new KafkaConsumer<>(
                        AdminKafka.bytesConsumerConfig(bootstrapServers));
                Producer<byte[], byte[]> producer = new KafkaProducer<>(
                        AdminKafka.transactionalBytesProducerConfig(bootstrapServers, transactionalId))) {
            producer.initTransactions();
            moved = new UnreadRecordsMove(admin, consumer, producer).move(applicationId, from, to);
        }
        PrintWriter out = spec.commandLine().getOut();
        if (!moved.sourceExists()) {
            out.println("nothing to move: " + from + " does not exist");
        } else if (moved.perPartition().isEmpty()) {
            out.println("nothing to move: no job request is left unread in " + from);
        } else {
            out.println("moved " + moved.total() + " job request(s) from " + from + " to " + to + " ("
                    + moved.perPartition().entrySet().stream()
                            .map(partition -> "partition " + partition.getKey() + ": " + partition.getValue())
                            .collect(Collectors.joining(", "))
                    + ")");
        }
        out.flush();
        return 0;
    }
}
