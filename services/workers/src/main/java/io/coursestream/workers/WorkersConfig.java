package io.coursestream.workers;

import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

import io.coursestream.schemas.jobs.JobQueue;
import io.coursestream.schemas.jobs.JobType;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * The worker's settings ({@code coursestream.workers.*}). Queues are keyed by their name as in the topic
 * ({@code emails} for {@code jobs.emails}), job types by their name in kebab case ({@code send-welcome-email}); an
 * unknown key fails the start, so a typo cannot silently leave a queue unlimited.
 */
@ConfigMapping(prefix = "coursestream.workers")
public interface WorkersConfig {

    /** Names this instance in the workerId (instance/thread) of every report. */
    String instanceId();

    /** How early a command may arrive and still wait for its notBefore. */
    Duration maxEarlyWait();

    /** Where stack traces in JobFailed are cut. */
    int stackTraceMaxChars();

    /** Per queue; every queue must be configured (it needs a timeout). */
    Map<String, QueueSettings> queues();

    /** Per job type; a type without an entry has no limit of its own. */
    Map<String, HandlerSettings> handlers();

    /** The settings of one queue. */
    interface QueueSettings {

        /** Longest an attempt may run; the handler is then interrupted and the attempt fails (retriable). */
        Duration timeout();

        /** Jobs this queue may start, across the handlers; absent: unlimited. */
        Optional<RateLimit> rateLimit();

        /**
         * Outcomes of this queue's attempts sent and not yet acknowledged by the broker; at this many, the next
         * attempt waits for one before it starts (the commands behind them are not acknowledged either).
         */
        @WithDefault("256")
        int unacknowledgedOutcomes();
    }

    /** The settings of the handler of one job type. */
    interface HandlerSettings {

        /** Jobs of this type that may start, across the queues; absent: unlimited. */
        Optional<RateLimit> rateLimit();
    }

    /** A token bucket: {@code permits} tokens per {@code period}, refilled evenly, at most {@code capacity} saved. */
    interface RateLimit {

        /** Jobs allowed to start per period. */
        long permits();

        /** The period the permits are for; PT1S if absent. */
        Optional<Duration> period();

        /** Tokens a quiet bucket saves up, i.e. the burst; permits if absent. */
        OptionalLong capacity();
    }

    /** The configuration key of a queue: {@code emails} for EMAILS. */
    static String key(JobQueue queue) {
        return queue.name().toLowerCase(Locale.ROOT);
    }

    /** The configuration key of a job type: {@code send-welcome-email} for SEND_WELCOME_EMAIL. */
    static String key(JobType type) {
        return type.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The queue a configuration key names; throws, naming the valid keys, if it names none. */
    static JobQueue queue(String key) {
        return Arrays.stream(JobQueue.values())
                .filter(queue -> queue != JobQueue.UNKNOWN && key(queue).equals(key))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("coursestream.workers.queues." + key
                        + " names no queue; the queues are " + Arrays.stream(JobQueue.values())
                                .filter(queue -> queue != JobQueue.UNKNOWN).map(WorkersConfig::key).toList()));
    }

    /** The job type a configuration key names; throws, naming the valid keys, if it names none. */
    static JobType jobType(String key) {
        return Arrays.stream(JobType.values())
                .filter(type -> type != JobType.UNKNOWN && key(type).equals(key))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("coursestream.workers.handlers." + key
                        + " names no job type; the types are " + Arrays.stream(JobType.values())
                                .filter(type -> type != JobType.UNKNOWN).map(WorkersConfig::key).toList()));
    }
}
