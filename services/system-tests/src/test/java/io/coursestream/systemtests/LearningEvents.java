package io.coursestream.systemtests;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;

import io.coursestream.schemas.common.EventMetadata;
import io.coursestream.schemas.learning.AchievementUnlocked;
import io.coursestream.schemas.learning.CourseCompleted;
import io.coursestream.schemas.learning.CourseEnrolled;
import io.coursestream.schemas.learning.EpisodeCompleted;
import io.coursestream.schemas.serde.AvroSerdes;
import io.coursestream.testkit.TestEnvironment;

/**
 * Learning events as the platform writes them to {@code learning.learning-events} (key userId), and what the shipped
 * points rules (version 1, in force while {@code points.rules} holds no other) pay for each, written out here rather
 * than taken from the topology so the tests compute totals independently.
 */
final class LearningEvents {

    static final long EPISODE_COMPLETED_POINTS = 10;
    static final long COURSE_COMPLETED_POINTS = 100;
    static final long ACHIEVEMENT_UNLOCKED_POINTS = 50;
    static final long COURSE_ENROLLED_POINTS = 5;

    private LearningEvents() {
    }

    static EpisodeCompleted episodeCompleted(String userId, String courseId, String episodeId, Instant at) {
        return EpisodeCompleted.newBuilder().setMetadata(metadata(at)).setUserId(userId).setCourseId(courseId)
                .setEpisodeId(episodeId).setWatchedSeconds(600L).build();
    }

    static CourseCompleted courseCompleted(String userId, String courseId, Instant at) {
        return CourseCompleted.newBuilder().setMetadata(metadata(at)).setUserId(userId).setCourseId(courseId)
                .setCompletedEpisodes(3).setDetectedBy("player").setCompletedEpisodeIds(List.of()).build();
    }

    static AchievementUnlocked achievementUnlocked(String userId, String achievementId, Instant at) {
        return AchievementUnlocked.newBuilder().setMetadata(metadata(at)).setUserId(userId)
                .setAchievementId(achievementId).setAchievementType("quiz-perfect-score").setTitle("Perfect quiz")
                .setCourseId(null).build();
    }

    static CourseEnrolled courseEnrolled(String userId, String courseId, Instant at) {
        return CourseEnrolled.newBuilder().setMetadata(metadata(at)).setUserId(userId).setCourseId(courseId)
                .setSource("free").setTransactionId(null).build();
    }

    /** What the shipped rules pay for {@code event}, once per event id. */
    static long points(SpecificRecord event) {
        if (event instanceof EpisodeCompleted) {
            return EPISODE_COMPLETED_POINTS;
        }
        if (event instanceof CourseCompleted) {
            return COURSE_COMPLETED_POINTS;
        }
        if (event instanceof AchievementUnlocked) {
            return ACHIEVEMENT_UNLOCKED_POINTS;
        }
        if (event instanceof CourseEnrolled) {
            return COURSE_ENROLLED_POINTS;
        }
        throw new IllegalArgumentException("no shipped rule for " + event.getSchema().getName());
    }

    /** The event id of an event of this class. */
    static String eventId(SpecificRecord event) {
        return ((EventMetadata) event.get(event.getSchema().getField("metadata").pos())).getEventId().toString();
    }

    /** A producer of learning events through the registry; acknowledged by the broker before a send completes. */
    static KafkaProducer<String, SpecificRecord> producer(TestEnvironment env) {
        Map<String, Object> config = AvroSerdes.forRegistry(env.registryUrl()).producerConfig();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, env.bootstrapServers());
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        return new KafkaProducer<>(config);
    }

    private static EventMetadata metadata(Instant at) {
        return EventMetadata.newBuilder().setEventId(UUID.randomUUID()).setOccurredAt(at)
                .setCorrelationId(UUID.randomUUID().toString()).setCausationId(null).setProducer("player").build();
    }
}
