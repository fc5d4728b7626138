package io.coursestream.admin;

import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.ProducerRecord;

import io.coursestream.schemas.control.CalculateUserLevels;
import io.coursestream.schemas.points.UserLevelsRecalculated;
import io.coursestream.schemas.topics.Topics;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code points levels recalculate}: writes one {@link CalculateUserLevels} and waits for the summary of every
 * partition ({@link CommandRunWatch}) ({@link UserLevelsRecalculated} on {@code points.events}, keyed by the command id), then prints them added
 * up. Exits 1 when a partition refused the run or not every partition answered in time; the summary of the parts
 * that did answer is printed first.
 */
@Command(name = "recalculate", mixinStandardHelpOptions = true,
        description = "Re-evaluate every user's level (after the level curve changed) and print the summary.")
final class RecalculateLevelsCommand implements Callable<Integer> {

    @ParentCommand
    PointsLevelsCommand levels;

    @Spec
    CommandSpec spec;

    @Option(names = "--curve-version", paramLabel = "<n>",
            description = "The level-curve version the processor must run; a partition that runs another refuses. "
                    + "Default: whatever curve the processor runs.")
    Integer curveVersion;

    @Option(names = "--dry-run", description = "Only count who would move; change nothing, emit no UserLevelChanged.")
    boolean dryRun;

    @Option(names = "--timeout", paramLabel = "<duration>", defaultValue = "PT60S",
            description = "How long to wait for every partition's summary, ISO-8601 (default: ${DEFAULT-VALUE}).")
    Duration timeout;

    @Override
    public Integer call() {
        if (curveVersion != null && curveVersion < 1) {
            throw new ParameterException(spec.commandLine(), "--curve-version starts at 1, not " + curveVersion);
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new ParameterException(spec.commandLine(), "--timeout must be positive, not " + timeout);
        }
        AdminCli admin = levels.points.admin;
        PrintWriter out = spec.commandLine().getOut();
        ProducerRecord<String, SpecificRecord> command =
                CalculateUserLevelsCommands.calculate(curveVersion, dryRun, admin.operator(), Instant.now());
        String commandId = command.key();
        LevelRun run = new LevelRun(commandId);
        try (CommandRunWatch watch = CommandRunWatch.atEnd(admin.bootstrapServers, admin.registryUrl,
                Topics.POINTS_EVENTS)) {
            try (ControlCommandWriter writer = admin.controlCommandWriter()) {
                writer.write(List.of(command));
            }
            out.println((dryRun ? "dry run of level run " : "level run ") + commandId + " requested"
                    + (curveVersion == null ? "" : " with curve version " + curveVersion)
                    + "; waiting up to " + seconds(timeout) + " for every partition's summary");
            out.flush();
            watch.await(commandId, timeout, run::complete, value -> {
                if (value instanceof UserLevelsRecalculated part) {
                    run.add(part);
                }
            });
        }
        run.print(out);
        out.flush();
        if (!run.refusals().isEmpty()) {
            throw new AdminException(refusalMessage(run));
        }
        if (!run.complete()) {
            throw new AdminException(timeoutMessage(run));
        }
        return 0;
    }

    private String refusalMessage(LevelRun run) {
        List<UserLevelsRecalculated> refusals = run.refusals();
        String which = refusals.stream()
                .map(part -> "partition " + part.getPartition() + ": " + part.getRefusal())
                .collect(Collectors.joining("; "));
        boolean othersChanged = !dryRun && refusals.size() < run.reported();
        return "level run " + run.commandId() + " refused by " + refusals.size() + " of "
                + run.expected() + " partitions (" + which + ")"
                + (othersChanged ? "; the partitions that did not refuse have applied it" : "");
    }

    private String timeoutMessage(LevelRun run) {
        if (run.reported() == 0) {
            return "no partition answered level run " + run.commandId() + " within " + seconds(timeout)
                    + "; is the stream processor running with the points topology? (the command stays on "
                    + "control.commands and runs when it gets there)";
        }
        return "level run " + run.commandId() + ": " + run.reported() + " of " + run.expected()
                + " partitions answered within " + seconds(timeout) + ", no answer from "
                + run.missing().stream().map(String::valueOf).collect(Collectors.joining(", "));
    }

    private static String seconds(Duration duration) {
        return duration.toMillis() % 1000 == 0 ? duration.toSeconds() + " s" : duration.toMillis() + " ms";
    }
}
