package io.coursestream.admin;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

import io.coursestream.topology.points.PointsRuleBook;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code points rules defaults}: the rules the processor ships (version 1), in the format {@code publish} reads, to
 * edit into a new version. Needs no broker.
 */
@Command(name = "defaults", mixinStandardHelpOptions = true,
        description = "Print the shipped default rules (version 1) as JSON, in the format 'publish' reads.")
final class DefaultRulesCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        out.println(RuleSetJson.print(PointsRuleBook.DEFAULTS));
        out.flush();
        return 0;
    }
}
