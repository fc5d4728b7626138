package io.coursestream.admin;

import java.time.Instant;

import io.coursestream.schemas.control.FailedJobSelector;
import io.coursestream.topology.jobs.FailedJobCommands;
import picocli.CommandLine.Command;

/** {@code failed-jobs forget}: drop failed jobs from the failed-job index without running them (ForgetFailedJobs). */
@Command(name = "forget", mixinStandardHelpOptions = true,
        description = "Remove failed jobs from the failed-job index without running them.")
final class ForgetFailedJobsCommand extends FailedJobsRequest {

    @Override
    String action() {
        return "forget";
    }

    @Override
    FailedJobCommands.Request request(FailedJobSelector selector, String requestedBy, Instant at) {
        return FailedJobCommands.forget(selector, requestedBy, at);
    }
}
