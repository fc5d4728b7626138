package io.coursestream.admin;

import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/** {@code jobs}: submitting jobs to the job scheduler. */
@Command(name = "jobs", mixinStandardHelpOptions = true, description = "Submit jobs to the job scheduler.",
        subcommands = ProbeJobCommand.class)
final class JobsCommand {

    @ParentCommand
    AdminCli admin;
}
