package io.coursestream.processor.learning;

import java.time.Instant;
import java.util.List;

import io.coursestream.schemas.learning.CourseProgress;

/**
 * A learner's progress in a course as {@code /api/users/{id}/courses/{courseId}/progress} answers it.
 *
 * @param percentComplete        required episodes done, 0-100, rounded down
 * @param completedEpisodeIds    every episode completed, first completion first
 * @param requiredEpisodeCount   episodes the course requires (all of them when none is marked required; 0 while the
 *                               course is not in the catalogue)
 * @param completed              true once the course is complete (detected from the episodes or said upstream)
 * @param completedAt            when it became complete; null while not
 * @param completionDetectedBy   who decided it is complete: {@code stream-processor} or the upstream service
 * @param updatedAt              event time of the last change
 */
public record CourseProgressView(String userId, String courseId, int percentComplete, List<String> completedEpisodeIds,
        int totalEpisodeCount, int requiredEpisodeCount, int completedRequiredCount, long watchedSeconds,
        String lastEpisodeId, boolean completed, Instant completedAt, String completionDetectedBy, Instant updatedAt) {

    static CourseProgressView of(CourseProgress progress) {
        return new CourseProgressView(progress.getUserId(), progress.getCourseId(), progress.getPercentComplete(),
                List.copyOf(progress.getCompletedEpisodeIds()), progress.getTotalEpisodeCount(),
                progress.getRequiredEpisodeCount(), progress.getCompletedRequiredCount(), progress.getWatchedSeconds(),
                progress.getLastEpisodeId(), progress.getCompletedAt() != null, progress.getCompletedAt(),
                progress.getCompletionDetectedBy(), progress.getUpdatedAt());
    }
}
