package io.coursestream.demo;

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.coursestream.schemas.serde.AvroSerdes;

/**
 * Sends {@link DemoWorld} events to Kafka at a steady rate on a background thread until closed: the
 * local stack's stand-in for the platform's upstream services.
 */
public final class DemoTraffic implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DemoTraffic.class);

    private final Producer<String, SpecificRecord> producer;
    private final DemoWorld world;
    private final long intervalNanos;
    private final long maxEvents;
    private final Thread sender;
    private final AtomicLong sent = new AtomicLong();
    private final Map<String, LongAdder> sentByType = new ConcurrentHashMap<>();
    private volatile boolean running = true;
    private volatile Exception failure;

    private DemoTraffic(Producer<String, SpecificRecord> producer, DemoOptions options, long maxEvents) {
        this.producer = producer;
        this.world = new DemoWorld(options, Clock.systemUTC());
        this.intervalNanos = Duration.ofSeconds(1).toNanos() / options.ratePerSecond();
        this.maxEvents = maxEvents;
        this.sender = new Thread(this::sendLoop, "demo-traffic");
        this.sender.setDaemon(true);
    }

    /**
     * Starts sending. {@code maxEvents} of 0 sends until {@link #close()}.
     *
     * @param bootstrapServers the broker to send to
     * @param serdes           the registry-backed serdes (schemas are registered on first use)
     */
    public static DemoTraffic start(String bootstrapServers, AvroSerdes serdes, DemoOptions options, long maxEvents) {
        Map<String, Object> config = new HashMap<>(serdes.producerConfig());
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ProducerConfig.CLIENT_ID_CONFIG, "demo-traffic");
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        DemoTraffic traffic = new DemoTraffic(new KafkaProducer<>(config), options, maxEvents);
        traffic.sender.start();
        LOG.info("demo traffic started: seed {}, {} events/s, {} users, {} courses",
                options.seed(), options.ratePerSecond(), options.users(), options.courses());
        return traffic;
    }

    /** Events handed to the producer so far. */
    public long sent() {
        return sent.get();
    }

    /** Events sent so far per record type. */
    public Map<String, Long> sentByType() {
        Map<String, Long> counts = new HashMap<>();
        sentByType.forEach((type, count) -> counts.put(type, count.sum()));
        return counts;
    }

    /** Waits until the run ends ({@code maxEvents} reached, closed, or failed). */
    public void join() throws InterruptedException {
        sender.join();
        if (failure != null) {
            throw new IllegalStateException("demo traffic failed", failure);
        }
    }

    @Override
    public void close() {
        running = false;
        try {
            sender.join(Duration.ofSeconds(10).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        producer.close(Duration.ofSeconds(10));
        LOG.info("demo traffic stopped after {} events", sent.get());
    }

    private void sendLoop() {
        long next = System.nanoTime();
        try {
            while (running && (maxEvents == 0 || sent.get() < maxEvents)) {
                DemoEvent event = world.next();
                producer.send(new ProducerRecord<>(event.topic().name(), null, event.timestamp(), event.key(),
                        event.value()), (metadata, error) -> {
                            if (error != null) {
                                LOG.warn("demo event {} to {} not sent: {}", event.type(), event.topic().name(),
                                        error.toString());
                            }
                        });
                sent.incrementAndGet();
                sentByType.computeIfAbsent(event.type(), type -> new LongAdder()).increment();
                next += intervalNanos;
                long wait = next - System.nanoTime();
                if (wait > 0) {
                    // Pacing a generator, not synchronising: the rate is the point.
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                }
            }
            producer.flush();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            failure = e;
            LOG.error("demo traffic stopped by an error", e);
        }
    }
}
