package io.coursestream.admin;

import java.io.PrintWriter;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;

import io.coursestream.schemas.jobs.JobCommand;
import io.coursestream.schemas.jobs.JobQueue;
import io.coursestream.schemas.jobs.ProbeJob;
import io.coursestream.topology.jobs.JobDispatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code jobs probe}: enqueue the runtime self-test on one queue, the way a job like it goes: straight to the queue
 * ({@link JobDispatchWriter}) without a unique key or a delay, else through the scheduler ({@code EnqueueJob}). The
 * job id is the last line of stdout, alone, so a script can capture it
 * ({@code id=$(coursestream-admin jobs probe --queue emails | tail -1)}).
 */
@Command(name = "probe", mixinStandardHelpOptions = true,
        description = "Enqueue a probe job (the job runtime's self-test) and print its id.")
final class ProbeJobCommand implements Callable<Integer> {

    @ParentCommand
    JobsCommand jobs;

    @Spec
    CommandSpec spec;

    @Option(names = "--queue", required = true, converter = JobQueues.class, completionCandidates = JobQueues.class,
            description = "Queue to probe: ${COMPLETION-CANDIDATES}.")
    JobQueue queue;

    @Option(names = "--work-millis", defaultValue = "0",
            description = "How long each attempt works, in ms (default: ${DEFAULT-VALUE}).")
    long workMillis;

    @Option(names = "--progress-steps", defaultValue = "0",
            description = "Progress reports per attempt (default: ${DEFAULT-VALUE}).")
    int progressSteps;

    @Option(names = "--fail-attempts", defaultValue = "0",
            description = "Attempts up to this number fail with a retriable error (default: ${DEFAULT-VALUE}).")
    int failAttempts;

    @Option(names = "--fatal", description = "Fail with a non-retriable error, which dead-letters the job at once.")
    boolean fatal;

    @Option(names = "--unique-key", description = "Lock key: a second job with it is dropped until this one ends.")
    String uniqueKey;

    @Option(names = "--not-before", paramLabel = "<instant>",
            description = "Do not start before this ISO-8601 instant (2026-05-01T09:00:00Z).")
    Instant notBefore;

    @Override
    public Integer call() {
        if (workMillis < 0 || progressSteps < 0 || failAttempts < 0) {
            throw new ParameterException(spec.commandLine(),
                    "--work-millis, --progress-steps and --fail-attempts must not be negative");
        }
        ProbeJob payload = ProbeJob.newBuilder()
                .setWorkMillis(workMillis)
                .setProgressSteps(progressSteps)
                .setFailAttempts(failAttempts)
                .setFatal(fatal)
                .build();
        Instant now = Instant.now();
        JobCommand job = ProbeJobs.probe(queue, payload, uniqueKey, notBefore, now);
        boolean direct = JobDispatch.isDirect(job);
        if (direct) {
            // Nothing to hold for: straight to its queue, as the contexts dispatch theirs.
            try (JobDispatchWriter writer = jobs.admin.jobDispatchWriter()) {
                writer.dispatch(job, jobs.admin.operator());
            }
        } else {
            try (ControlCommandWriter writer = jobs.admin.controlCommandWriter()) {
                writer.write(List.of(EnqueueJobCommands.enqueue(job, jobs.admin.operator(), now)));
            }
        }
        PrintWriter out = spec.commandLine().getOut();
        out.println("probe job " + (direct ? "dispatched to" : "enqueued through the scheduler for") + " queue "
                + queue + "; watch it at "
                + jobs.admin.processorApi().jobUrl(job.getJobId()));
        out.println(job.getJobId());
        out.flush();
        return 0;
    }
}
