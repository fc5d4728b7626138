package io.coursestream.processor.points;

import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import io.coursestream.processor.queries.QueryRouting;

/**
 * The questions about every user, answered over all partitions of the points stores: this instance's partitions
 * from its own stores, the others' from the other instances ({@link InternalPointsResource}), asked only when this
 * instance does not hold every partition itself.
 */
@ApplicationScoped
class AllPartitions {

    private final LocalPointsStores local;
    private final QueryRouting routing;

    AllPartitions(LocalPointsStores local, QueryRouting routing) {
        this.local = local;
        this.routing = routing;
    }

    /** How many users have a total strictly above {@code totalPoints}. */
    long usersAbove(long totalPoints) {
        PartitionAnswers<Long> answers = new PartitionAnswers<>(LocalPointsStores.PARTITIONS);
        answers.addAll(local.usersAbove(totalPoints));
        List<String> failures = List.of();
        if (!answers.missing().isEmpty()) {
            QueryRouting.PeerAnswers<InternalPointsResource.UsersAbove> others = routing.askOthers(
                    InternalPointsResource.PATH + "/users-above?total=" + totalPoints,
                    InternalPointsResource.UsersAbove.class);
            others.answers().forEach(answer -> answers.addAll(answer.partitions()));
            failures = others.failures();
        }
        return answers.complete(failures).values().stream().mapToLong(Long::longValue).sum();
    }

    /** The {@code top} users with the highest totals, ranked. */
    Leaderboard leaderboard(int top) {
        PartitionAnswers<List<Leaderboard.Candidate>> answers = new PartitionAnswers<>(LocalPointsStores.PARTITIONS);
        answers.addAll(local.top(top));
        List<String> failures = List.of();
        if (!answers.missing().isEmpty()) {
            QueryRouting.PeerAnswers<InternalPointsResource.PartitionTops> others = routing.askOthers(
                    InternalPointsResource.PATH + "/top?top=" + top, InternalPointsResource.PartitionTops.class);
            others.answers().forEach(answer -> answers.addAll(answer.partitions()));
            failures = others.failures();
        }
        Map<Integer, List<Leaderboard.Candidate>> tops = answers.complete(failures);
        return Leaderboard.merge(top, tops.values());
    }
}
