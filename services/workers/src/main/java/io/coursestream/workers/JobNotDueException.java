package io.coursestream.workers;

import java.time.Instant;

/**
 * A command arrived well before its {@code notBefore} (the scheduler should have held it). Retriable: the scheduler
 * re-enqueues it and the attempt it used up is the price of the anomaly, not of the job.
 */
public class JobNotDueException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public JobNotDueException(String jobId, Instant notBefore, Instant now) {
        super("job " + jobId + " arrived at " + now + ", before its notBefore " + notBefore);
    }
}
