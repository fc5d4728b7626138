// Tier: unit (the ranking rule, no Kafka).
package io.coursestream.topology.onboarding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.coursestream.schemas.jobs.CourseRecommendation;
import io.coursestream.schemas.notifications.CoursePopularity;

class RecommendationsTest {

    private static final Instant AT = Instant.parse("2026-11-02T10:00:00Z");

    @Test
    void shouldRankCoursesInTheUsersLanguageBeforeMorePopularOnes() {
        // Given
        List<CoursePopularity> table = List.of(
                course("en-1", "en", 90), course("de-1", "de", 5), course("fr-1", "fr", 40), course("de-2", "de", 7));

        // When
        List<CourseRecommendation> best = Recommendations.best(table, "de", 3);

        // Then
        assertThat(best).extracting(CourseRecommendation::getCourseId).containsExactly("de-2", "de-1", "en-1");
    }

    @Test
    void shouldMatchOnTheLanguageSubtagAlone() {
        // Given: an Austrian user; courses tagged de, de-DE and de-CH, and an English one more popular than all
        List<CoursePopularity> table = List.of(course("en", "en-US", 100), course("de", "de", 1),
                course("de-de", "de-DE", 3), course("de-ch", "de-CH", 2));

        // When
        List<CourseRecommendation> best = Recommendations.best(table, "de-AT", 3);

        // Then
        assertThat(best).extracting(CourseRecommendation::getCourseId).containsExactly("de-de", "de-ch", "de");
    }

    @Test
    void shouldBreakTiesByCourseIdWhateverTheTableOrder() {
        // Given
        List<CoursePopularity> table = List.of(course("c", "en", 4), course("a", "en", 4), course("b", "en", 4));

        // When
        List<CourseRecommendation> forward = Recommendations.best(table, "en", 3);
        List<CoursePopularity> reversed = new ArrayList<>(table);
        Collections.reverse(reversed);
        List<CourseRecommendation> backward = Recommendations.best(reversed, "en", 3);

        // Then
        assertThat(forward).extracting(CourseRecommendation::getCourseId).containsExactly("a", "b", "c");
        assertThat(backward).isEqualTo(forward);
    }

    @Test
    void shouldKeepCoursesWithoutEnrolmentsButRankThemLast() {
        // Given
        List<CoursePopularity> table = List.of(course("new", "en", 0), course("old", "en", 2));

        // When
        List<CourseRecommendation> best = Recommendations.best(table, "en", 3);

        // Then
        assertThat(best).extracting(CourseRecommendation::getCourseId, CourseRecommendation::getEnrolments)
                .containsExactly(tuple("old", 2L),
                        tuple("new", 0L));
    }

    @Test
    void shouldLeaveOutCoursesWhoseTitleIsUnknown() {
        // Given: enrolments counted for a course the catalogue has not published
        CoursePopularity unpublished = CoursePopularity.newBuilder(course("draft", "en", 50)).setTitle(null)
                .setLocale(null).build();

        // When
        List<CourseRecommendation> best = Recommendations.best(List.of(unpublished, course("live", "en", 1)), "en", 3);

        // Then
        assertThat(best).extracting(CourseRecommendation::getCourseId).containsExactly("live");
    }

    @Test
    void shouldCopyTheCourseIntoTheRecommendation() {
        // When
        List<CourseRecommendation> best = Recommendations.best(List.of(course("k", "de-DE", 12)), "de", 1);

        // Then
        assertThat(best).containsExactly(new CourseRecommendation("k", "Title of k", "de-DE", 12L));
    }

    @Test
    void shouldRankByPopularityAloneWhenTheUsersTagIsIllFormed() {
        // Given
        List<CoursePopularity> table = List.of(course("de", "de", 1), course("en", "en", 2));

        // When
        List<CourseRecommendation> best = Recommendations.best(table, "not a tag!", 2);

        // Then
        assertThat(best).extracting(CourseRecommendation::getCourseId).containsExactly("en", "de");
    }

    @Test
    void shouldRecommendNothingWhenTheLimitIsZeroOrTheTableEmpty() {
        assertThat(Recommendations.best(List.of(course("a", "en", 1)), "en", 0)).isEmpty();
        assertThat(Recommendations.best(List.<CoursePopularity>of(), "en", 3)).isEmpty();
    }

    @Test
    void shouldReadTheLanguageSubtagOfATag() {
        assertThat(Recommendations.languageOf("de-AT")).isEqualTo("de");
        assertThat(Recommendations.languageOf("EN-gb")).isEqualTo("en");
        assertThat(Recommendations.languageOf("zh-Hant-TW")).isEqualTo("zh");
        assertThat(Recommendations.languageOf("not a tag!")).isEmpty();
        assertThat(Recommendations.languageOf(null)).isEmpty();
    }

    private static CoursePopularity course(String courseId, String locale, long enrolments) {
        return CoursePopularity.newBuilder()
                .setCourseId(courseId)
                .setTitle("Title of " + courseId)
                .setLocale(locale)
                .setEnrolments(enrolments)
                .setUpdatedAt(AT)
                .build();
    }
}
