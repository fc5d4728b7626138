package io.coursestream.admin;

import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/** {@code failed-jobs}: the dead-lettered jobs, Laravel's {@code queue:failed}, {@code queue:retry}, {@code queue:forget}. */
@Command(name = "failed-jobs", mixinStandardHelpOptions = true,
        description = "Inspect dead-lettered jobs and retry or forget them.",
        subcommands = {ListFailedJobsCommand.class, ShowFailedJobCommand.class, RetryFailedJobsCommand.class,
                ForgetFailedJobsCommand.class})
final class FailedJobsCommand {

    @ParentCommand
    AdminCli admin;
}
