package io.coursestream.admin;

import java.time.Instant;

import io.coursestream.schemas.control.FailedJobSelector;
import io.coursestream.topology.jobs.FailedJobCommands;
import picocli.CommandLine.Command;

/** {@code failed-jobs retry}: run failed jobs again as fresh jobs with their original id (RetryFailedJobs). */
@Command(name = "retry", mixinStandardHelpOptions = true,
        description = "Run failed jobs again: attempt 1, full retry budget, same job id and payload.")
final class RetryFailedJobsCommand extends FailedJobsRequest {

    @Override
    String action() {
        return "retry";
    }

    @Override
    FailedJobCommands.Request request(FailedJobSelector selector, String requestedBy, Instant at) {
        return FailedJobCommands.retry(selector, requestedBy, at);
    }
}
