package io.coursestream.topology.points;

import java.time.Instant;
import java.util.Optional;

import org.apache.avro.specific.SpecificRecord;

import io.coursestream.schemas.affiliates.ReferralCompleted;
import io.coursestream.schemas.common.EventMetadata;
import io.coursestream.schemas.learning.AchievementUnlocked;
import io.coursestream.schemas.learning.CourseCompleted;
import io.coursestream.schemas.learning.CourseEnrolled;
import io.coursestream.schemas.learning.EpisodeCompleted;
import io.coursestream.schemas.points.ActivityType;

/**
 * An input event as the ledger sees it: who earns, for what, about which subject, and whether the same activity on
 * the same subject can earn again (an episode watched again after the minimum gap) or only once (a course's
 * completion, an achievement, a referred user, an enrolment).
 */
record Activity(EventMetadata metadata, String eventType, String userId, ActivityType type, String subjectId,
        String achievementType, boolean oncePerSubject) {

    /** The activity an event is, or empty when the event earns no points. */
    static Optional<Activity> of(SpecificRecord event) {
        String type = event.getSchema().getName();
        if (event instanceof EpisodeCompleted e) {
            return Optional.of(new Activity(e.getMetadata(), type, e.getUserId(), ActivityType.EPISODE_COMPLETED,
                    e.getEpisodeId(), null, false));
        } else if (event instanceof CourseCompleted e) {
            return Optional.of(new Activity(e.getMetadata(), type, e.getUserId(), ActivityType.COURSE_COMPLETED,
                    e.getCourseId(), null, true));
        } else if (event instanceof AchievementUnlocked e) {
            return Optional.of(new Activity(e.getMetadata(), type, e.getUserId(), ActivityType.ACHIEVEMENT_UNLOCKED,
                    e.getAchievementId(), e.getAchievementType(), true));
        } else if (event instanceof CourseEnrolled e) {
            return Optional.of(new Activity(e.getMetadata(), type, e.getUserId(), ActivityType.COURSE_ENROLLED,
                    e.getCourseId(), null, true));
        } else if (event instanceof ReferralCompleted e) {
            return Optional.of(new Activity(e.getMetadata(), type, e.getAffiliateId(), ActivityType.REFERRAL_COMPLETED,
                    e.getReferredUserId(), null, true));
        }
        return Optional.empty();
    }

    String eventId() {
        return metadata.getEventId().toString();
    }

    Instant at() {
        return metadata.getOccurredAt();
    }
}
