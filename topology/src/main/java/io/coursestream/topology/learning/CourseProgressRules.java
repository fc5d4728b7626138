package io.coursestream.topology.learning;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import io.coursestream.schemas.courses.EpisodeSummary;
import io.coursestream.schemas.learning.CourseProgress;
import io.coursestream.schemas.learning.CourseStructure;

/**
 * A learner's progress in a course measured against the course's structure: the required episodes are those marked
 * required, or every episode when none is; the percentage is the share of them completed, rounded down. While the
 * structure is unknown nothing is required and the progress is 0 %: a course is only complete against a structure.
 */
public final class CourseProgressRules {

    private CourseProgressRules() {
    }

    /** A learner's progress before their first episode of the course. */
    static CourseProgress start(String userId, String courseId, Instant at) {
        return CourseProgress.newBuilder()
                .setUserId(userId)
                .setCourseId(courseId)
                .setCompletedEpisodeIds(List.of())
                .setTotalEpisodeCount(0)
                .setRequiredEpisodeCount(0)
                .setCompletedRequiredCount(0)
                .setPercentComplete(0)
                .setUpdatedAt(at)
                .build();
    }

    /** The ids of the episodes that must be completed, in course order; empty while the structure is unknown. */
    static Set<String> requiredEpisodes(CourseStructure structure) {
        Set<String> required = new LinkedHashSet<>();
        if (structure == null) {
            return required;
        }
        structure.getEpisodes().stream().filter(EpisodeSummary::getRequired)
                .forEach(episode -> required.add(episode.getEpisodeId()));
        if (required.isEmpty()) {
            structure.getEpisodes().forEach(episode -> required.add(episode.getEpisodeId()));
        }
        return required;
    }

    /** {@code progress} with its counts and percentage measured against {@code structure} (null: unknown). */
    public static CourseProgress measured(CourseProgress progress, CourseStructure structure) {
        Set<String> required = requiredEpisodes(structure);
        int completedRequired = (int) progress.getCompletedEpisodeIds().stream().filter(required::contains).count();
        return CourseProgress.newBuilder(progress)
                .setTotalEpisodeCount(structure == null ? 0 : structure.getEpisodes().size())
                .setRequiredEpisodeCount(required.size())
                .setCompletedRequiredCount(completedRequired)
                .setPercentComplete(required.isEmpty() ? 0 : completedRequired * 100 / required.size())
                .build();
    }

    /** True when every required episode of a known, non-empty structure is completed. */
    static boolean requirementsMet(CourseProgress measured) {
        return measured.getRequiredEpisodeCount() > 0
                && measured.getCompletedRequiredCount() == measured.getRequiredEpisodeCount();
    }

    /** {@code ids} with {@code more} appended, each id once, first completion first. */
    static List<String> union(List<String> ids, List<String> more) {
        Set<String> all = new LinkedHashSet<>(ids);
        all.addAll(more);
        return new ArrayList<>(all);
    }
}
