package io.coursestream.testkit;

import java.util.LinkedHashMap;
import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Points a {@code @QuarkusTest} at the shared {@link TestEnvironment}:
 * {@code @QuarkusTestResource(CoursestreamTestResource.class)} (or {@code @WithTestResource}). Returns the
 * application properties of the environment and switches Quarkus Dev Services off, which would otherwise try to start
 * containers. The environment outlives the Quarkus application: it is shared with the JVM's other tests and stopped at
 * JVM exit, so {@link #stop()} does nothing.
 */
public final class CoursestreamTestResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        Map<String, String> properties = new LinkedHashMap<>(TestEnvironment.get().applicationProperties());
        properties.put("quarkus.devservices.enabled", "false");
        properties.put("quarkus.kafka.devservices.enabled", "false");
        properties.put("quarkus.apicurio-registry.devservices.enabled", "false");
        // The in-JVM broker logs through the application's logging once Quarkus has configured it.
        for (String category : BrokerLogLevels.BROKER_CATEGORIES) {
            properties.put("quarkus.log.category.\"" + category + "\".level", "WARN");
        }
        return properties;
    }

    @Override
    public void stop() {
        // Shared with the JVM's other tests; stopped by TestEnvironment's shutdown hook.
    }
}
