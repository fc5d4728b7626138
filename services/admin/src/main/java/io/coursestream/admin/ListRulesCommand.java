package io.coursestream.admin;

import java.io.PrintWriter;
import java.time.Instant;
import java.util.concurrent.Callable;

import io.coursestream.topology.points.PointsRuleBook;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code points rules list}: one line per rule version, the shipped defaults marked while they are in force. */
@Command(name = "list", mixinStandardHelpOptions = true,
        description = "List the rule versions: status, retroactive, effective from, rule count, description.")
final class ListRulesCommand implements Callable<Integer> {

    @ParentCommand
    PointsRulesCommand rules;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PublishedRules published = new PublishedRules(rules.topic().readAll(), PointsRuleBook.DEFAULTS);
        PrintWriter out = spec.commandLine().getOut();
        published.printTable(Instant.now(), out);
        out.flush();
        return 0;
    }
}
