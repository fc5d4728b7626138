package io.coursestream.admin;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

import io.coursestream.schemas.points.PointsRuleSet;
import io.coursestream.topology.points.PointsRuleBook;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code points rules show <version>}: one version in the file format, to edit into the next one. */
@Command(name = "show", mixinStandardHelpOptions = true,
        description = "Print one rule version as JSON, in the format 'publish' reads.")
final class ShowRulesCommand implements Callable<Integer> {

    @ParentCommand
    PointsRulesCommand rules;

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "<version>", description = "The rule version.")
    int version;

    @Override
    public Integer call() {
        PublishedRules published = new PublishedRules(rules.topic().readAll(), PointsRuleBook.DEFAULTS);
        PointsRuleSet ruleSet = published.versions().stream().filter(set -> set.getRuleVersion() == version)
                .findFirst()
                .orElseThrow(() -> new AdminException("no rule version " + version + " (the highest is "
                        + published.highestVersion() + ")"));
        PrintWriter out = spec.commandLine().getOut();
        out.println(RuleSetJson.print(ruleSet));
        out.flush();
        return 0;
    }
}
