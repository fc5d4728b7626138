package io.coursestream.workers;

import io.coursestream.schemas.jobs.JobType;

/** No handler bean runs this job type: no later attempt on this build can do better, so it is fatal. */
public class NoHandlerException extends FatalJobException {

    private static final long serialVersionUID = 1L;

    public NoHandlerException(JobType type) {
        super("no handler for job type " + type);
    }
}
