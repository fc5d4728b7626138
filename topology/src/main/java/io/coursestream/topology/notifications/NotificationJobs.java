package io.coursestream.topology.notifications;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;

import io.coursestream.schemas.jobs.JobCommand;
import io.coursestream.schemas.jobs.JobQueue;
import io.coursestream.schemas.jobs.JobType;
import io.coursestream.schemas.jobs.SendNotification;
import io.coursestream.topology.jobs.JobRequests;

/**
 * A {@link SendNotification} as the job request the job scheduler takes: attempt 1 on {@code jobs.emails}, the
 * queue's retry budget, no delay, and unique per notification.
 *
 * <p>Ids are derived from the notification id, never drawn at random: a batch or an alert processed again (after a
 * crash before its commit, a replay) requests the same job id with the same unique key, and the scheduler keeps one.
 */
public final class NotificationJobs {

    private NotificationJobs() {
    }

    /** The job id of a notification: a name-based UUID of its notification id. */
    public static String jobId(String notificationId) {
        return UUID.nameUUIDFromBytes(notificationId.getBytes(StandardCharsets.UTF_8)).toString();
    }

    /**
     * The request for one notification.
     *
     * @param correlationId correlation id of the flow that asked for it (the campaign request's, the alert's)
     * @param causationId   event id of the record that caused it
     * @param at            when it is requested: enqueued and first enqueued then
     */
    public static JobCommand request(SendNotification notification, String correlationId, String causationId,
            Instant at) {
        return JobRequests.request(jobId(notification.getNotificationId()), JobType.SEND_NOTIFICATION, JobQueue.EMAILS,
                notification.getNotificationId(), correlationId, causationId, at, notification);
    }
}
