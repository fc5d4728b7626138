package io.coursestream.schemas.topics;

/** The one component allowed to write a topic (single writer). */
public enum Component {
    /** The platform's own services (web app, checkout, player, course admin); the demo generator locally. */
    UPSTREAM("upstream services (demo-traffic locally)"),
    /** The Kafka Streams application that hosts the topologies. */
    STREAM_PROCESSOR("stream-processor"),
    /** The Quarkus workers that run job side effects. */
    WORKERS("workers"),
    /** The webhook gateway that turns verified provider webhooks into events. */
    GATEWAY("gateway"),
    /**
     * Operators' tools: the admin CLI and the admin endpoints of the stream processor's HTTP API, which write the same
     * commands (batch commands, failed-job recovery, certificate and payout administration).
     */
    ADMIN("admin (CLI, admin API)");

    private final String displayName;

    Component(String displayName) {
        this.displayName = displayName;
    }

    public String displayName() {
        return displayName;
    }
}
