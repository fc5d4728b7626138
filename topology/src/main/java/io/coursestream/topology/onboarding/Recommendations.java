package io.coursestream.topology.onboarding;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.IllformedLocaleException;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.PriorityQueue;

import io.coursestream.schemas.jobs.CourseRecommendation;
import io.coursestream.schemas.notifications.CoursePopularity;

/**
 * Which courses a welcome mail recommends: of the courses the catalogue has published (title and language known),
 * those in the user's language first, then the most enrolled, then by course id so that equal courses always come
 * out in the same order. Languages match on the language subtag alone: a {@code de-AT} user is offered {@code de}
 * and {@code de-DE} courses. A course nobody enrolled in yet is still a candidate; it ranks after every course with
 * enrolments in its language group.
 */
public final class Recommendations {

    /** Best first. */
    static final Comparator<Candidate> RANKING = Comparator.comparing(Candidate::inUserLanguage).reversed()
            .thenComparing(Comparator.comparingLong(Candidate::enrolments).reversed())
            .thenComparing(Candidate::courseId);

    private Recommendations() {
    }

    /**
     * The best {@code limit} courses for a user, best first; one pass over the table holding at most {@code limit}
     * candidates, so the table may be large.
     *
     * @param courses    the popularity table, in any order
     * @param userLocale the user's BCP 47 tag
     */
    public static List<CourseRecommendation> best(Iterator<CoursePopularity> courses, String userLocale, int limit) {
        if (limit <= 0) {
            return List.of();
        }
        String language = languageOf(userLocale);
        // Worst of the kept candidates at the head, to be dropped when a better one comes.
        PriorityQueue<Candidate> kept = new PriorityQueue<>(limit + 1, RANKING.reversed());
        while (courses.hasNext()) {
            CoursePopularity course = courses.next();
            if (course == null || course.getTitle() == null || course.getLocale() == null) {
                continue;
            }
            kept.add(new Candidate(course, !language.isEmpty() && language.equals(languageOf(course.getLocale()))));
            if (kept.size() > limit) {
                kept.poll();
            }
        }
        List<Candidate> ranked = new ArrayList<>(kept);
        ranked.sort(RANKING);
        return ranked.stream().map(Candidate::recommendation).toList();
    }

    /** As {@link #best(Iterator, String, int)} over a list. */
    public static List<CourseRecommendation> best(List<CoursePopularity> courses, String userLocale, int limit) {
        return best(courses.iterator(), userLocale, limit);
    }

    /** The lower-case language subtag of a BCP 47 tag ({@code de} of {@code de-AT}), or empty if it is ill-formed. */
    static String languageOf(String languageTag) {
        if (languageTag == null) {
            return "";
        }
        try {
            return new Locale.Builder().setLanguageTag(languageTag).build().getLanguage();
        } catch (IllformedLocaleException e) {
            return "";
        }
    }

    /** A published course and whether it is in the user's language. */
    record Candidate(CoursePopularity course, boolean inUserLanguage) {

        long enrolments() {
            return course.getEnrolments();
        }

        String courseId() {
            return course.getCourseId();
        }

        CourseRecommendation recommendation() {
            return CourseRecommendation.newBuilder()
                    .setCourseId(course.getCourseId())
                    .setTitle(course.getTitle())
                    .setLocale(course.getLocale())
                    .setEnrolments(course.getEnrolments())
                    .build();
        }
    }
}
