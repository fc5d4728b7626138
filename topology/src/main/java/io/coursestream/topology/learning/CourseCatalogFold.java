package io.coursestream.topology.learning;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.avro.specific.SpecificRecord;

import io.coursestream.schemas.courses.CoursePublished;
import io.coursestream.schemas.courses.CourseUpdated;
import io.coursestream.schemas.courses.EpisodePublished;
import io.coursestream.schemas.courses.EpisodeSummary;
import io.coursestream.schemas.learning.CourseStructure;

/**
 * A course's structure folded from the catalogue: {@code CoursePublished} replaces it, {@code CourseUpdated} changes
 * the fields it sets (its episode list replaces the old one; a validity of 0 means certificates no longer expire),
 * {@code EpisodePublished} adds or replaces one episode. An update or episode of a course not published yet starts
 * the course with its id as title and English as language until the publication says otherwise. Episodes are kept
 * ordered by position, each id once (the latest wins).
 */
final class CourseCatalogFold {

    private static final String DEFAULT_LOCALE = "en";

    private CourseCatalogFold() {
    }

    /** The structure after {@code event}, or null when the event is no catalogue event. */
    static CourseStructure apply(CourseStructure current, String courseId, SpecificRecord event) {
        if (event instanceof CoursePublished published) {
            return new CourseStructure(courseId, published.getTitle(), published.getLocale(),
                    ordered(published.getEpisodes()), published.getCertificateValidityDays(),
                    published.getMetadata().getOccurredAt());
        }
        CourseStructure base = current != null ? current
                : new CourseStructure(courseId, courseId, DEFAULT_LOCALE, List.of(), null, Instant.EPOCH);
        if (event instanceof CourseUpdated updated) {
            CourseStructure.Builder next = CourseStructure.newBuilder(base)
                    .setUpdatedAt(updated.getMetadata().getOccurredAt());
            if (updated.getTitle() != null) {
                next.setTitle(updated.getTitle());
            }
            if (updated.getLocale() != null) {
                next.setLocale(updated.getLocale());
            }
            if (updated.getEpisodes() != null) {
                next.setEpisodes(ordered(updated.getEpisodes()));
            }
            if (updated.getCertificateValidityDays() != null) {
                int days = updated.getCertificateValidityDays();
                next.setCertificateValidityDays(days <= 0 ? null : days);
            }
            return next.build();
        }
        if (event instanceof EpisodePublished episode) {
            List<EpisodeSummary> episodes = new ArrayList<>(base.getEpisodes());
            episodes.add(new EpisodeSummary(episode.getEpisodeId(), episode.getTitle(), episode.getPosition(),
                    episode.getRequired(), episode.getDurationSeconds()));
            return CourseStructure.newBuilder(base)
                    .setEpisodes(ordered(episodes))
                    .setUpdatedAt(episode.getMetadata().getOccurredAt())
                    .build();
        }
        return null;
    }

    /** Each episode id once (the last given wins), ordered by position, then id. */
    private static List<EpisodeSummary> ordered(List<EpisodeSummary> episodes) {
        Map<String, EpisodeSummary> byId = new LinkedHashMap<>();
        episodes.forEach(episode -> {
            byId.remove(episode.getEpisodeId());
            byId.put(episode.getEpisodeId(), episode);
        });
        List<EpisodeSummary> ordered = new ArrayList<>(byId.values());
        ordered.sort(Comparator.comparingInt(EpisodeSummary::getPosition).thenComparing(EpisodeSummary::getEpisodeId));
        return ordered;
    }
}
