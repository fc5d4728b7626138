package io.coursestream.admin;

import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/** {@code upgrade}: the steps an upgrade of the stream processor asks for, run while every instance is stopped. */
@Command(name = "upgrade", mixinStandardHelpOptions = true,
        description = "Steps an upgrade of the stream processor asks for (see the README's upgrade notes); run them "
                + "while every stream processor instance is stopped.",
        subcommands = UpgradeJobRequestsCommand.class)
final class UpgradeCommand {

    @ParentCommand
    AdminCli admin;
}
