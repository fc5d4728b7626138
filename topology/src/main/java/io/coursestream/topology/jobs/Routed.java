package io.coursestream.topology.jobs;

import org.apache.avro.specific.SpecificRecord;

/**
 * A record on its way out of a job processor, tagged with where it goes. Lives only between a processor and the
 * split that follows it, so it is never serialized.
 */
record Routed(Route route, SpecificRecord value) {

    enum Route {
        /** A due {@code JobCommand}, to its queue topic. */
        QUEUE,
        /** A scheduler event, to {@code jobs.scheduling}. */
        SCHEDULING,
        /** A {@code DeadLetteredJob}, to {@code jobs.dead-letter}. */
        DEAD_LETTER,
        /** An {@code AdminAlertRaised}, to {@code admin.alerts}. */
        ALERT
    }

    boolean goesTo(Route target) {
        return route == target;
    }
}
