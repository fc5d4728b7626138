package io.coursestream.topology.onboarding;

import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.UUID;

import io.coursestream.schemas.calendar.SendWindow;
import io.coursestream.schemas.jobs.CourseRecommendation;
import io.coursestream.schemas.jobs.JobCommand;
import io.coursestream.schemas.jobs.JobQueue;
import io.coursestream.schemas.jobs.JobType;
import io.coursestream.schemas.jobs.SendWelcomeEmail;
import io.coursestream.schemas.users.UserRegistered;
import io.coursestream.topology.jobs.JobRequests;

/**
 * The welcome mail of one registration as a job request (attempt 1): SEND_WELCOME_EMAIL on the emails queue, its id
 * and unique key derived from the user id, so a request made twice is the same job and the scheduler holds one lock
 * for it.
 */
final class WelcomeJobs {

    private WelcomeJobs() {
    }

    /** {@code welcome:<userId>}: the job's unique key, and the name its id is derived from. */
    static String uniqueKey(String userId) {
        return "welcome:" + userId;
    }

    /** The same id for every request about the same user: a name-based UUID of {@link #uniqueKey}. */
    static String jobId(String userId) {
        return UUID.nameUUIDFromBytes(uniqueKey(userId).getBytes(StandardCharsets.UTF_8)).toString();
    }

    /**
     * When the mail may go out: null (at once) if the registration is decided inside the user's local send window,
     * else the window's next start in the user's zone. The window is applied to the registration's time or, when the
     * registration is decided later than it happened (a lagging or restarted processor), to the decision's: a mail
     * for a registration at 20:30 decided at 21:30 local waits for the morning instead of going out at night.
     *
     * @param registeredAt when the user registered (the event's occurredAt)
     * @param now          when the registration is decided (the wall clock)
     */
    static Instant notBefore(Instant registeredAt, Instant now, ZoneId zone, SendWindow window) {
        Instant decidedAt = now.isAfter(registeredAt) ? now : registeredAt;
        Instant inside = window.nextInstantInside(decidedAt, zone);
        return inside.equals(decidedAt) ? null : inside;
    }

    /** The user's zone, or {@code fallback} if theirs is not an id this JVM knows. */
    static ZoneId zoneOf(String timezone, ZoneId fallback) {
        if (timezone == null) {
            return fallback;
        }
        try {
            return ZoneId.of(timezone);
        } catch (DateTimeException e) {
            return fallback;
        }
    }

    /**
     * @param recommendations the courses to recommend, best first
     * @param now             when the request is made (enqueuedAt and firstEnqueuedAt)
     */
    static JobCommand request(UserRegistered registered, List<CourseRecommendation> recommendations,
            OnboardingSettings settings, Instant now) {
        Instant registeredAt = registered.getMetadata().getOccurredAt();
        ZoneId zone = zoneOf(registered.getLocaleSettings().getTimezone(), settings.defaultZone());
        SendWelcomeEmail payload = SendWelcomeEmail.newBuilder()
                .setUserId(registered.getUserId())
                .setEmail(registered.getEmail())
                .setDisplayName(registered.getDisplayName())
                .setLocaleSettings(registered.getLocaleSettings())
                .setOwnReferralCode(registered.getOwnReferralCode())
                .setRecommendations(recommendations)
                .setRegisteredAt(registeredAt)
                .build();
        return JobRequests.request(jobId(registered.getUserId()), JobType.SEND_WELCOME_EMAIL, JobQueue.EMAILS,
                uniqueKey(registered.getUserId()), registered.getMetadata().getCorrelationId(),
                registered.getMetadata().getEventId().toString(), now,
                notBefore(registeredAt, now, zone, settings.sendWindow()), payload);
    }
}
