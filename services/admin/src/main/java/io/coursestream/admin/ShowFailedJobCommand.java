package io.coursestream.admin;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code failed-jobs show <jobId>}: one failed job with every attempt's error, causes and stack trace. */
@Command(name = "show", mixinStandardHelpOptions = true,
        description = "Show one failed job with the error of every attempt.")
final class ShowFailedJobCommand implements Callable<Integer> {

    @ParentCommand
    FailedJobsCommand failedJobs;

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "<jobId>", description = "The failed job's id.")
    String jobId;

    @Option(names = "--json", description = "Print the processor's JSON as it came.")
    boolean json;

    @Override
    public Integer call() {
        String body = failedJobs.admin.processorApi().failedJob(jobId)
                .orElseThrow(() -> new AdminException("no failed job " + jobId));
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(body);
        } else {
            FailedJobsText.printReport(FailedJobsJson.job(body), out);
        }
        out.flush();
        return 0;
    }
}
