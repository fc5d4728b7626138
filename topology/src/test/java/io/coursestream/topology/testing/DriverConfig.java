package io.coursestream.topology.testing;

import java.nio.file.Path;
import java.util.Properties;

import org.apache.kafka.streams.StreamsConfig;

import io.coursestream.topology.errors.DeserializationErrorHandler;
import io.coursestream.topology.errors.ProcessingErrorHandler;
import io.coursestream.topology.errors.ProductionErrorHandler;

/** TopologyTestDriver settings as the processor runs them: its exception handlers, a state directory per test. */
public final class DriverConfig {

    private DriverConfig() {
    }

    public static Properties of(String applicationId, Path stateDir) {
        Properties config = new Properties();
        config.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        config.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        config.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, DeserializationErrorHandler.class);
        config.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, ProcessingErrorHandler.class);
        config.put(StreamsConfig.PRODUCTION_EXCEPTION_HANDLER_CLASS_CONFIG, ProductionErrorHandler.class);
        return config;
    }
}
