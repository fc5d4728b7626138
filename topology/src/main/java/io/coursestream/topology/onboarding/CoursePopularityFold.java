package io.coursestream.topology.onboarding;

import java.time.Instant;

import org.apache.avro.specific.SpecificRecord;

import io.coursestream.schemas.courses.CoursePublished;
import io.coursestream.schemas.courses.CourseUpdated;
import io.coursestream.schemas.learning.CourseEnrolled;
import io.coursestream.schemas.notifications.CoursePopularity;

/**
 * One course's popularity record folded over its events: a first enrolment counts one (the caller passes each
 * (user, course) pair once), CoursePublished sets title and language, CourseUpdated changes the ones it carries.
 *
 * <p>A CourseUpdated for a course whose CoursePublished has not been seen changes nothing: a title alone would make
 * an unpublished course recommendable. {@code updatedAt} never moves back, so an event that arrives late does not
 * make the record look older.
 */
final class CoursePopularityFold {

    private CoursePopularityFold() {
    }

    /**
     * @param current the course's record, or null before its first event
     * @return the next record, or {@code current} itself when the event changes nothing
     */
    static CoursePopularity apply(CoursePopularity current, String courseId, SpecificRecord event) {
        if (event instanceof CourseEnrolled enrolled) {
            CoursePopularity base = current != null ? current : empty(courseId);
            return CoursePopularity.newBuilder(base)
                    .setEnrolments(base.getEnrolments() + 1)
                    .setUpdatedAt(latest(current, enrolled.getMetadata().getOccurredAt()))
                    .build();
        }
        if (event instanceof CoursePublished published) {
            CoursePopularity base = current != null ? current : empty(courseId);
            if (published.getTitle().equals(base.getTitle()) && published.getLocale().equals(base.getLocale())) {
                return current;
            }
            return CoursePopularity.newBuilder(base)
                    .setTitle(published.getTitle())
                    .setLocale(published.getLocale())
                    .setUpdatedAt(latest(current, published.getMetadata().getOccurredAt()))
                    .build();
        }
        if (event instanceof CourseUpdated updated && current != null && current.getTitle() != null) {
            String title = updated.getTitle() != null ? updated.getTitle() : current.getTitle();
            String locale = updated.getLocale() != null ? updated.getLocale() : current.getLocale();
            if (title.equals(current.getTitle()) && locale.equals(current.getLocale())) {
                return current;
            }
            return CoursePopularity.newBuilder(current)
                    .setTitle(title)
                    .setLocale(locale)
                    .setUpdatedAt(latest(current, updated.getMetadata().getOccurredAt()))
                    .build();
        }
        return current;
    }

    private static CoursePopularity empty(String courseId) {
        return CoursePopularity.newBuilder()
                .setCourseId(courseId)
                .setTitle(null)
                .setLocale(null)
                .setEnrolments(0L)
                .setUpdatedAt(Instant.EPOCH)
                .build();
    }

    private static Instant latest(CoursePopularity current, Instant occurredAt) {
        return current != null && current.getUpdatedAt().isAfter(occurredAt) ? current.getUpdatedAt() : occurredAt;
    }
}
