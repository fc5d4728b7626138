package io.coursestream.admin;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import io.coursestream.schemas.points.UserLevelsRecalculated;

/**
 * The parts of one {@code CalculateUserLevels} run as they arrive: one {@link UserLevelsRecalculated} per partition of
 * the users, each saying how many parts to expect. Adds them up and prints the summary an operator reads.
 */
final class LevelRun {

    private static final List<String> HEADER =
            List.of("PARTITION", "USERS EVALUATED", "MOVED UP", "MOVED DOWN", "CURVE", "DRY RUN", "REFUSAL");

    private final String commandId;
    private final SortedMap<Integer, UserLevelsRecalculated> parts = new TreeMap<>();

    LevelRun(String commandId) {
        this.commandId = Objects.requireNonNull(commandId, "commandId");
    }

    String commandId() {
        return commandId;
    }

    /**
     * Takes {@code part} if it belongs to this run and its partition has not reported yet (a second copy of a part
     * would count its users twice); returns whether it was taken.
     */
    boolean add(UserLevelsRecalculated part) {
        if (!commandId.equals(part.getCommandId()) || parts.containsKey(part.getPartition())) {
            return false;
        }
        parts.put(part.getPartition(), part);
        return true;
    }

    /** How many parts the run has, as the parts say; 0 before the first arrived. */
    int expected() {
        return parts.values().stream().mapToInt(UserLevelsRecalculated::getPartitions).max().orElse(0);
    }

    int reported() {
        return parts.size();
    }

    boolean complete() {
        return expected() > 0 && missing().isEmpty();
    }

    /** Partitions that have not reported, of those the parts announced. */
    List<Integer> missing() {
        return IntStream.range(0, expected()).filter(partition -> !parts.containsKey(partition)).boxed().toList();
    }

    List<UserLevelsRecalculated> refusals() {
        return parts.values().stream().filter(part -> part.getRefusal() != null).toList();
    }

    long usersEvaluated() {
        return parts.values().stream().mapToLong(UserLevelsRecalculated::getUsersEvaluated).sum();
    }

    long movedUp() {
        return parts.values().stream().mapToLong(UserLevelsRecalculated::getMovedUp).sum();
    }

    long movedDown() {
        return parts.values().stream().mapToLong(UserLevelsRecalculated::getMovedDown).sum();
    }

    /** True when every part that reported was a dry run (nothing changed). */
    boolean dryRun() {
        return !parts.isEmpty() && parts.values().stream().allMatch(UserLevelsRecalculated::getDryRun);
    }

    /** The curve versions the evaluating parts used: one, unless instances with different curves answered. */
    List<Integer> curveVersions() {
        return parts.values().stream().filter(part -> part.getRefusal() == null)
                .map(UserLevelsRecalculated::getLevelCurveVersion).distinct().sorted().toList();
    }

    /** A table of the parts that reported and a total line, then one line that says what happened. */
    void print(PrintWriter out) {
        if (parts.isEmpty()) {
            out.println("no partition has reported on level run " + commandId);
            return;
        }
        List<List<String>> rows = new ArrayList<>();
        rows.add(HEADER);
        for (UserLevelsRecalculated part : parts.values()) {
            rows.add(List.of(Integer.toString(part.getPartition()), Long.toString(part.getUsersEvaluated()),
                    Long.toString(part.getMovedUp()), Long.toString(part.getMovedDown()),
                    Integer.toString(part.getLevelCurveVersion()), part.getDryRun() ? "yes" : "no",
                    part.getRefusal() == null ? "-" : part.getRefusal()));
        }
        rows.add(List.of("total", Long.toString(usersEvaluated()), Long.toString(movedUp()),
                Long.toString(movedDown()), "", "", ""));
        Columns.print(rows, out);
        out.println(outcome());
    }

    private String outcome() {
        String partitions = reported() + " of " + expected() + " partitions";
        String curve = curveVersions().isEmpty() ? "no curve"
                : (curveVersions().size() == 1 ? "curve version " : "curve versions ")
                        + curveVersions().stream().map(String::valueOf).collect(Collectors.joining(", "));
        StringBuilder line = new StringBuilder();
        if (dryRun()) {
            line.append("dry run of level run ").append(commandId).append(" on ").append(partitions).append(" (")
                    .append(curve).append("): ").append(usersEvaluated()).append(" users evaluated, ")
                    .append(movedUp()).append(" would move up, ").append(movedDown())
                    .append(" would move down; nothing changed");
        } else {
            line.append("level run ").append(commandId).append(" on ").append(partitions).append(" (").append(curve)
                    .append("): ").append(usersEvaluated()).append(" users evaluated, ").append(movedUp())
                    .append(" moved up, ").append(movedDown()).append(" moved down");
        }
        if (!refusals().isEmpty()) {
            line.append("; ").append(refusals().size()).append(refusals().size() == 1 ? " partition" : " partitions")
                    .append(" refused");
        }
        if (!missing().isEmpty()) {
            line.append("; no answer from ").append(missing().size() == 1 ? "partition " : "partitions ")
                    .append(missing().stream().map(String::valueOf).collect(Collectors.joining(", ")));
        }
        return line.toString();
    }
}
