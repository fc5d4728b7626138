package io.coursestream.admin;

import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/** {@code points rules}: the versioned points rules on {@code points.rules}. */
@Command(name = "rules", mixinStandardHelpOptions = true,
        description = "The versioned points rules: list them, print one or the shipped defaults as JSON, publish a "
                + "new version.",
        subcommands = {ListRulesCommand.class, ShowRulesCommand.class, DefaultRulesCommand.class,
                PublishRulesCommand.class})
final class PointsRulesCommand {

    @ParentCommand
    PointsCommand points;

    AdminCli admin() {
        return points.admin;
    }

    PointsRulesTopic topic() {
        return new PointsRulesTopic(admin().bootstrapServers, admin().registryUrl);
    }
}
