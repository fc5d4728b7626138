package io.coursestream.workers;

import java.util.LinkedHashMap;
import java.util.Map;

import io.coursestream.schemas.jobs.JobCommand;
import io.coursestream.schemas.jobs.JobQueue;
import io.coursestream.schemas.jobs.JobType;

/** What a {@link JobHandler} gets for one attempt: the command, its typed payload, and a way to report progress. */
public final class JobContext {

    /** Where {@link #progress(int, String)} goes: {@code JobProgressed} on {@code jobs.lifecycle}. */
    @FunctionalInterface
    interface ProgressListener {
        void progressed(JobCommand command, int percent, String message);
    }

    private final JobCommand command;
    private final int partition;
    private final ProgressListener progressListener;
    private final Map<String, String> outputs = new LinkedHashMap<>();

    JobContext(JobCommand command, ProgressListener progressListener) {
        this(command, 0, progressListener);
    }

    JobContext(JobCommand command, int partition, ProgressListener progressListener) {
        this.command = command;
        this.partition = partition;
        this.progressListener = progressListener;
    }

    /** The command as received. */
    public JobCommand command() {
        return command;
    }

    /** Stable id of the job, the same on every attempt: the key to make a handler idempotent. */
    public String jobId() {
        return command.getJobId();
    }

    /**
     * The partition of the queue topic the command was read from. Every attempt of a job is read from the same one
     * (queue records are keyed by job id), so state a handler keeps per partition, such as the e-mail receipts, moves
     * with the partition when another worker takes it over.
     */
    public int partition() {
        return partition;
    }

    /** This attempt's number, starting at 1. */
    public int attempt() {
        return command.getAttempt();
    }

    public JobType type() {
        return command.getType();
    }

    public JobQueue queue() {
        return command.getQueue();
    }

    /**
     * The payload as the record type the handler expects.
     *
     * @throws FatalJobException if the command carries another payload type: no retry can fix that
     */
    public <T> T payload(Class<T> expected) {
        Object payload = command.getPayload();
        if (!expected.isInstance(payload)) {
            throw new FatalJobException("job " + jobId() + " of type " + type() + " carries a "
                    + (payload == null ? "null" : payload.getClass().getSimpleName()) + " payload, expected "
                    + expected.getSimpleName());
        }
        return expected.cast(payload);
    }

    /**
     * Reports progress of this attempt ({@code JobProgressed}); returns once the broker has it.
     *
     * @param percent 0 to 100
     * @param message what the job is doing now, or null
     */
    public void progress(int percent, String message) {
        if (percent < 0 || percent > 100) {
            throw new IllegalArgumentException("percent must be 0-100, was " + percent);
        }
        progressListener.progressed(command, percent, message);
    }

    /** A small key/value output reported with {@code JobSucceeded} (provider reference, object key). */
    public void output(String key, String value) {
        outputs.put(key, value);
    }

    Map<String, String> outputs() {
        return Map.copyOf(outputs);
    }
}
