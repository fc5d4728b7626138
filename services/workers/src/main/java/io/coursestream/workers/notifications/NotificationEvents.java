package io.coursestream.workers.notifications;

import java.time.Clock;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.avro.specific.SpecificRecord;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;

import io.coursestream.schemas.common.EventMetadata;
import io.coursestream.schemas.jobs.JobCommand;
import io.coursestream.workers.JobEventMetadata;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;

/**
 * Writes the notification events (welcome mails, onboarding, in-app posts, deliveries, failures, bounces) to
 * {@code notifications.notification-events} through the one outgoing channel {@value #CHANNEL}, keyed by userId (or
 * the recipient address) so one recipient's events stay in order. {@link #publish} returns once the broker
 * acknowledged the event (acks=all): a job reports success, and the bounce endpoint answers 202, only after that.
 */
@ApplicationScoped
public class NotificationEvents {

    /** The outgoing channel of {@code notifications.notification-events}. */
    public static final String CHANNEL = "notification-events";

    private final MutinyEmitter<SpecificRecord> emitter;
    private final Clock clock;

    @Inject
    NotificationEvents(@Channel(CHANNEL) MutinyEmitter<SpecificRecord> emitter, Clock clock) {
        this.emitter = emitter;
        this.clock = clock;
    }

    /** Sends the event with this key and waits for the broker's acknowledgement; throws if it was not written. */
    public void publish(String key, SpecificRecord event) {
        emitter.sendMessageAndAwait(Message.of(event)
                .addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withKey(key).build()));
    }

    /** Metadata of an event a job causes: the job's flow continues (its correlationId), the job caused it. */
    public EventMetadata metadata(JobCommand command) {
        return metadata(command.getCorrelationId(), command.getJobId());
    }

    /** Metadata of a new event in the flow {@code correlationId}, caused by {@code causationId} (or nothing). */
    public EventMetadata metadata(String correlationId, String causationId) {
        return JobEventMetadata.of(correlationId, causationId, clock.instant());
    }
}
