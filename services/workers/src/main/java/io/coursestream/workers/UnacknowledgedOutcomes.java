package io.coursestream.workers;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.Semaphore;

import io.coursestream.schemas.jobs.JobQueue;

/**
 * Per queue, how many attempts' outcomes may be sent and not yet acknowledged by the broker
 * ({@code coursestream.workers.queues.<queue>.unacknowledged-outcomes}). A worker thread does not wait for its own
 * outcome's acknowledgement ({@link QueueConsumers}); it takes a permit before the attempt starts, waiting while the
 * queue's permits are all out, and the permit comes back with the acknowledgement (or the failure to write).
 */
final class UnacknowledgedOutcomes {

    private final Map<JobQueue, Semaphore> permits = new EnumMap<>(JobQueue.class);

    UnacknowledgedOutcomes(WorkersConfig config) {
        config.queues().forEach((key, settings) -> {
            int limit = settings.unacknowledgedOutcomes();
            if (limit < 1) {
                throw new IllegalArgumentException("coursestream.workers.queues." + key
                        + ".unacknowledged-outcomes must be at least 1, was " + limit);
            }
            permits.put(WorkersConfig.queue(key), new Semaphore(limit));
        });
    }

    /** Takes one of {@code queue}'s permits, waiting for one while they are all out. */
    void take(JobQueue queue) throws InterruptedException {
        permits.get(queue).acquire();
    }

    /** Gives back a permit taken for {@code queue}. */
    void giveBack(JobQueue queue) {
        permits.get(queue).release();
    }

    /** The permits of {@code queue} not taken now. */
    int available(JobQueue queue) {
        return permits.get(queue).availablePermits();
    }
}
