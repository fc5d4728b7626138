package io.coursestream.admin;

import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/** {@code points levels}: users' levels (the original CalculateUserLevels console command). */
@Command(name = "levels", mixinStandardHelpOptions = true, description = "Users' levels.",
        subcommands = RecalculateLevelsCommand.class)
final class PointsLevelsCommand {

    @ParentCommand
    PointsCommand points;
}
