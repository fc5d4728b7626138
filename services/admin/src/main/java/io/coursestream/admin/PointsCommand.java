package io.coursestream.admin;

import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/** {@code points}: the points ledger's rules and the level run. */
@Command(name = "points", mixinStandardHelpOptions = true,
        description = "Publish and list the points rules; recalculate every user's level.",
        subcommands = {PointsRulesCommand.class, PointsLevelsCommand.class})
final class PointsCommand {

    @ParentCommand
    AdminCli admin;
}
