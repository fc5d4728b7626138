package io.coursestream.admin;

import io.coursestream.schemas.control.FailedJobSelector;
import io.coursestream.schemas.jobs.JobQueue;
import io.coursestream.topology.jobs.FailedJobCommands;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Which failed jobs {@code retry} and {@code forget} act on: exactly one of a job id, {@code --queue} or {@code --all}. */
final class FailedJobSelection {

    @Parameters(paramLabel = "<jobId>", description = "One failed job.")
    String jobId;

    @Option(names = "--queue", converter = JobQueues.class, completionCandidates = JobQueues.class,
            description = "Every failed job of this queue: ${COMPLETION-CANDIDATES}.")
    JobQueue queue;

    @Option(names = "--all", description = "Every failed job.")
    boolean all;

    FailedJobSelector selector() {
        if (jobId != null) {
            return FailedJobCommands.job(jobId);
        }
        return queue != null ? FailedJobCommands.queue(queue) : FailedJobCommands.all();
    }

    /** "failed job 4f1c...", "all failed jobs of queue EMAILS", "all failed jobs". */
    String describe() {
        if (jobId != null) {
            return "failed job " + jobId;
        }
        return queue != null ? "all failed jobs of queue " + queue : "all failed jobs";
    }
}
