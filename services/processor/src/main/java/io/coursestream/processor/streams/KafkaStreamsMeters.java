package io.coursestream.processor.streams;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.jboss.logging.Logger;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;

/**
 * The Kafka Streams client's own metrics in a meter registry, per client and per thread: the client's state and
 * threads ({@code stream-metrics}), each stream thread's process, poll, punctuate and commit rates and latencies
 * ({@code stream-thread-metrics}), and its consumers' and producer's client-level metrics (fetch rates, lag max,
 * rebalances, transactions). Named as Micrometer names Kafka metrics: {@code stream-thread-metrics/process-rate}
 * is {@code kafka.stream.thread.process.rate}, Prometheus {@code kafka_stream_thread_process_rate}; a
 * {@code -total} metric is a counter, every other numeric metric a gauge.
 *
 * <p>Left out: the per-task, per-processor-node, per-store and per-topic or per-partition metrics. With a hundred
 * tasks and their stores that is about 30,000 series, most of them RocksDB properties, and Micrometer's
 * {@code KafkaStreamsMetrics}, which this replaces, compares every meter of a name with every other whenever Kafka's
 * set of metrics changes: a burst of several CPU seconds each time in the processor under {@code scripts/bench
 * points}. {@link #refresh()} is linear: it binds the metrics that appeared and removes the ones that went (a
 * replaced stream thread, a new client).
 */
final class KafkaStreamsMeters {

    private static final Logger LOG = Logger.getLogger(KafkaStreamsMeters.class);

    /** The metric groups bound; within them, metrics with a topic or partition tag are not. */
    static final Set<String> GROUPS = Set.of("stream-metrics", "stream-thread-metrics", "consumer-metrics",
            "consumer-coordinator-metrics", "consumer-fetch-manager-metrics", "producer-metrics",
            "admin-client-metrics");
    private static final Set<String> FINER_TAGS = Set.of("topic", "partition");

    private final Supplier<Map<MetricName, ? extends Metric>> metrics;
    private final MeterRegistry registry;
    private final Map<MetricName, Meter> bound = new HashMap<>();
    /** Metrics the registry refused (a name already bound with other tag keys): not tried again. */
    private final Set<MetricName> refused = new HashSet<>();

    KafkaStreamsMeters(Supplier<Map<MetricName, ? extends Metric>> metrics, MeterRegistry registry) {
        this.metrics = metrics;
        this.registry = registry;
    }

    /** Binds the metrics that appeared since the last refresh and removes the meters of those that went. */
    synchronized void refresh() {
        Map<MetricName, ? extends Metric> current = metrics.get();
        bound.entrySet().removeIf(entry -> {
            if (current.containsKey(entry.getKey())) {
                return false;
            }
            registry.remove(entry.getValue());
            return true;
        });
        refused.retainAll(current.keySet());
        current.forEach((name, metric) -> {
            if (!bound.containsKey(name) && !refused.contains(name) && kept(name, metric)) {
                try {
                    bound.put(name, register(name, metric));
                } catch (IllegalArgumentException e) {
                    LOG.debugf("Kafka metric %s not bound: %s", name, e.getMessage());
                    refused.add(name);
                }
            }
        });
    }

    /** Removes every meter bound. */
    synchronized void close() {
        bound.values().forEach(registry::remove);
        bound.clear();
    }

    static boolean kept(MetricName name, Metric metric) {
        return GROUPS.contains(name.group()) && FINER_TAGS.stream().noneMatch(name.tags()::containsKey)
                && metric.metricValue() instanceof Number;
    }

    /** {@code kafka.<group without -metrics>.<name>}, dots for dashes: Micrometer's names for Kafka metrics. */
    static String meterName(MetricName name) {
        String group = name.group().endsWith("-metrics")
                ? name.group().substring(0, name.group().length() - "-metrics".length()) : name.group();
        return ("kafka." + group + "." + name.name()).replace('-', '.');
    }

    private Meter register(MetricName name, Metric metric) {
        List<Tag> tags = name.tags().entrySet().stream()
                .map(tag -> Tag.of(tag.getKey().replace('-', '.'), tag.getValue())).toList();
        if (name.name().endsWith("-total")) {
            return FunctionCounter.builder(meterName(name), metric, KafkaStreamsMeters::value)
                    .tags(Tags.of(tags)).description(name.description()).register(registry);
        }
        return Gauge.builder(meterName(name), metric, KafkaStreamsMeters::value).strongReference(true)
                .tags(Tags.of(tags)).description(name.description()).register(registry);
    }

    private static double value(Metric metric) {
        return metric.metricValue() instanceof Number number ? number.doubleValue() : Double.NaN;
    }
}
