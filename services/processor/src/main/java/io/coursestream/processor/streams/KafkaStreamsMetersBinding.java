package io.coursestream.processor.streams;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.apache.kafka.streams.KafkaStreams;
import org.jboss.logging.Logger;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;

/**
 * Binds {@link KafkaStreamsMeters} to the registry when Quarkus creates the Kafka Streams client, and refreshes them
 * every {@link #REFRESH} on a daemon thread of their own. Micrometer's own Kafka binder is off
 * ({@code quarkus.micrometer.binder.kafka.enabled=false}); see {@link KafkaStreamsMeters} for why.
 */
@ApplicationScoped
public class KafkaStreamsMetersBinding {

    static final Duration REFRESH = Duration.ofSeconds(30);
    private static final Logger LOG = Logger.getLogger(KafkaStreamsMetersBinding.class);

    private ScheduledExecutorService refresher;
    private KafkaStreamsMeters meters;

    synchronized void bind(@Observes KafkaStreams streams, MeterRegistry registry) {
        meters = new KafkaStreamsMeters(streams::metrics, registry);
        meters.refresh();
        refresher = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "kafka-streams-meters");
            thread.setDaemon(true);
            return thread;
        });
        refresher.scheduleWithFixedDelay(this::refresh, REFRESH.toMillis(), REFRESH.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    /** A failed refresh is logged and the next one tries again (a task that throws is never run again). */
    private void refresh() {
        try {
            meters.refresh();
        } catch (RuntimeException e) {
            LOG.warn("Could not refresh the Kafka Streams meters", e);
        }
    }

    synchronized void onStop(@Observes ShutdownEvent event) {
        if (refresher != null) {
            refresher.shutdownNow();
            meters.close();
        }
    }
}
