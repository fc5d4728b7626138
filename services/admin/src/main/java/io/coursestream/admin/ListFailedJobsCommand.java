package io.coursestream.admin;

import java.io.PrintWriter;
import java.util.Optional;
import java.util.concurrent.Callable;

import io.coursestream.schemas.jobs.JobQueue;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code failed-jobs list}: the failed-job index, from the stream processor's API. */
@Command(name = "list", mixinStandardHelpOptions = true, description = "List failed jobs, newest first.")
final class ListFailedJobsCommand implements Callable<Integer> {

    @ParentCommand
    FailedJobsCommand failedJobs;

    @Spec
    CommandSpec spec;

    @Option(names = "--queue", converter = JobQueues.class, completionCandidates = JobQueues.class,
            description = "Only this queue: ${COMPLETION-CANDIDATES}.")
    JobQueue queue;

    @Option(names = "--limit", defaultValue = "50", description = "At most this many jobs (default: ${DEFAULT-VALUE}).")
    int limit;

    @Option(names = "--json", description = "Print the processor's JSON as it came.")
    boolean json;

    @Override
    public Integer call() {
        if (limit < 1) {
            throw new ParameterException(spec.commandLine(), "--limit must be at least 1, not " + limit);
        }
        String body = failedJobs.admin.processorApi().failedJobs(Optional.ofNullable(queue), limit);
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(body);
        } else {
            FailedJobsText.printTable(FailedJobsJson.page(body), out);
        }
        out.flush();
        return 0;
    }
}
