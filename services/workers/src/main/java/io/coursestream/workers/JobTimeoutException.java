package io.coursestream.workers;

import java.time.Duration;

import io.coursestream.schemas.jobs.JobCommand;
import io.coursestream.schemas.jobs.JobQueue;

/**
 * An attempt ran longer than its queue's timeout and was interrupted, or could not get a rate-limit token within
 * it. Retriable: a slow provider or a busy queue may do better on the next attempt.
 */
public class JobTimeoutException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private JobTimeoutException(String message, Throwable cause) {
        super(message, cause);
    }

    /** The handler ran past the timeout; {@code cause} is what the timeout guard threw. */
    static JobTimeoutException running(JobCommand command, JobQueue queue, Duration timeout, Throwable cause) {
        return new JobTimeoutException("job " + command.getJobId() + " attempt " + command.getAttempt()
                + " exceeded the " + WorkersConfig.key(queue) + " queue timeout " + timeout, cause);
    }

    /** No token of the queue's or the type's rate limit came within the timeout; the handler did not run. */
    static JobTimeoutException waitingForToken(JobCommand command, JobQueue queue, Duration timeout) {
        return new JobTimeoutException("job " + command.getJobId() + " attempt " + command.getAttempt()
                + " would wait longer than the " + WorkersConfig.key(queue) + " queue timeout " + timeout
                + " for a rate-limit token of its queue or its type " + command.getType(), null);
    }
}
