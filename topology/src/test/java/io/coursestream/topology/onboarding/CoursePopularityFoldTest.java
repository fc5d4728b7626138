// Tier: unit (the popularity record's rules, no Kafka).
package io.coursestream.topology.onboarding;

import static io.coursestream.topology.testing.InputEvents.coursePublished;
import static io.coursestream.topology.testing.InputEvents.courseUpdated;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import io.coursestream.schemas.courses.CourseUpdated;
import io.coursestream.schemas.notifications.CoursePopularity;
import io.coursestream.topology.testing.InputEvents;

class CoursePopularityFoldTest {

    private static final String COURSE = "course-1";
    private static final String USER = "0f8fad5b-d9cb-469f-a165-70867728950e";
    private static final Instant T0 = Instant.parse("2026-11-02T10:00:00Z");

    @Test
    void shouldCountAnEnrolmentBeforeTheCourseIsPublished() {
        // When
        CoursePopularity next = CoursePopularityFold.apply(null, COURSE, InputEvents.courseEnrolled(USER, COURSE, T0));

        // Then
        assertThat(next).isEqualTo(new CoursePopularity(COURSE, null, null, 1L, T0));
    }

    @Test
    void shouldTakeTitleAndLanguageFromCoursePublishedAndKeepTheCount() {
        // Given
        CoursePopularity counted = new CoursePopularity(COURSE, null, null, 4L, T0);

        // When
        CoursePopularity next = CoursePopularityFold.apply(counted, COURSE, coursePublished(COURSE, T0.plusSeconds(1)));

        // Then
        assertThat(next).isEqualTo(new CoursePopularity(COURSE, "Kafka Streams in depth", "en", 4L, T0.plusSeconds(1)));
    }

    @Test
    void shouldIgnoreACourseUpdatedForACourseNotPublished() {
        // Given
        CoursePopularity counted = new CoursePopularity(COURSE, null, null, 4L, T0);
        CourseUpdated retitled = CourseUpdated.newBuilder(courseUpdated(COURSE, T0.plusSeconds(1)))
                .setTitle("Draft").build();

        // When / Then
        assertThat(CoursePopularityFold.apply(counted, COURSE, retitled)).isSameAs(counted);
        assertThat(CoursePopularityFold.apply(null, COURSE, retitled)).isNull();
    }

    @Test
    void shouldChangeOnlyWhatACourseUpdatedCarries() {
        // Given
        CoursePopularity published = new CoursePopularity(COURSE, "Kafka", "en", 4L, T0);
        CourseUpdated relocalised = CourseUpdated.newBuilder(courseUpdated(COURSE, T0.plusSeconds(1)))
                .setLocale("en-GB").build();

        // When
        CoursePopularity next = CoursePopularityFold.apply(published, COURSE, relocalised);

        // Then
        assertThat(next).isEqualTo(new CoursePopularity(COURSE, "Kafka", "en-GB", 4L, T0.plusSeconds(1)));
        assertThat(CoursePopularityFold.apply(published, COURSE, courseUpdated(COURSE, T0.plusSeconds(2))))
                .as("a price change alone").isSameAs(published);
        assertThat(CoursePopularityFold.apply(published, COURSE, InputEvents.episodePublished(COURSE, T0)))
                .as("not a course event the table reads").isSameAs(published);
    }

    @Test
    void shouldNotMoveUpdatedAtBackForALateEvent() {
        // Given
        CoursePopularity published = new CoursePopularity(COURSE, "Kafka", "en", 4L, T0);

        // When: an enrolment that happened before the last change arrives now
        CoursePopularity next = CoursePopularityFold.apply(published, COURSE,
                InputEvents.courseEnrolled(USER, COURSE, T0.minusSeconds(60)));

        // Then
        assertThat(next.getEnrolments()).isEqualTo(5L);
        assertThat(next.getUpdatedAt()).isEqualTo(T0);
    }
}
