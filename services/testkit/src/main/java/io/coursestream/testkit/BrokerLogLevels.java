package io.coursestream.testkit;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;

/**
 * Turns the in-JVM broker's own loggers down to WARN before it starts, whatever logging the test JVM uses: through
 * java.util.logging (the JBoss LogManager of Quarkus tests, slf4j-jdk14), through log4j-core when it is the backend,
 * and through slf4j-simple's system properties. Client loggers ({@code org.apache.kafka.clients}) are left alone:
 * they belong to the code under test.
 */
final class BrokerLogLevels {

    static final List<String> BROKER_CATEGORIES = List.of(
            "kafka",
            "state.change.logger",
            "org.apache.kafka.server",
            "org.apache.kafka.controller",
            "org.apache.kafka.raft",
            "org.apache.kafka.metadata",
            "org.apache.kafka.image",
            "org.apache.kafka.storage",
            "org.apache.kafka.coordinator",
            "org.apache.kafka.snapshot",
            "org.apache.kafka.queue",
            "org.apache.kafka.network",
            "org.apache.kafka.security",
            "org.apache.kafka.common.test");

    /** JUL loggers are held weakly by their LogManager; these references keep the levels in force. */
    private static final List<java.util.logging.Logger> PINNED = new ArrayList<>();

    private BrokerLogLevels() {
    }

    static synchronized void quiet() {
        for (String category : BROKER_CATEGORIES) {
            java.util.logging.Logger logger = java.util.logging.Logger.getLogger(category);
            logger.setLevel(Level.WARNING);
            PINNED.add(logger);
            // Read by slf4j-simple when its first logger is created.
            if (System.getProperty("org.slf4j.simpleLogger.log." + category) == null) {
                System.setProperty("org.slf4j.simpleLogger.log." + category, "warn");
            }
        }
        quietLog4jCore();
    }

    private static void quietLog4jCore() {
        try {
            Class<?> configurator = Class.forName("org.apache.logging.log4j.core.config.Configurator");
            Class<?> level = Class.forName("org.apache.logging.log4j.Level");
            Object warn = level.getField("WARN").get(null);
            Method setLevel = configurator.getMethod("setLevel", String.class, level);
            for (String category : BROKER_CATEGORIES) {
                setLevel.invoke(null, category, warn);
            }
        } catch (ReflectiveOperationException | LinkageError e) {
            // log4j-core is not the backend here.
        }
    }
}
