package io.coursestream.processor.streams;

import java.time.Duration;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.apache.kafka.streams.KafkaStreams;
import org.jboss.logging.Logger;

import io.quarkus.runtime.ShutdownEvent;

/**
 * Closes Kafka Streams with a LeaveGroup on shutdown. Kafka Streams does not leave its group on a plain
 * {@code close()} (Quarkus' own shutdown), so the coordinator keeps a stopped member until {@code session.timeout.ms}
 * (45 s) passes and the group's other instances wait that long for its tasks. {@code leaveGroup(true)} removes a
 * static member ({@code kafka-streams.group.instance.id}, which the local stack and a deployment set per instance);
 * a dynamic member is left to the session timeout. Observed before Quarkus closes the client, whose later
 * {@code close()} then finds Kafka Streams stopped.
 */
@ApplicationScoped
public class LeaveGroupOnShutdown {

    private static final Logger LOG = Logger.getLogger(LeaveGroupOnShutdown.class);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(15);

    @Inject
    KafkaStreams streams;

    void onStop(@Observes @Priority(1) ShutdownEvent event) {
        boolean closed = streams.close(new KafkaStreams.CloseOptions().leaveGroup(true).timeout(CLOSE_TIMEOUT));
        LOG.infof("Kafka Streams closed%s, left the consumer group", closed ? "" : " (timed out after " + CLOSE_TIMEOUT + ")");
    }
}
