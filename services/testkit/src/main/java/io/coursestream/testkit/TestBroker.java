package io.coursestream.testkit;

/** The Kafka broker of the test environment, whichever way it runs. */
interface TestBroker extends AutoCloseable {

    String bootstrapServers();

    /** A short description for logs. */
    String description();

    @Override
    void close();
}
