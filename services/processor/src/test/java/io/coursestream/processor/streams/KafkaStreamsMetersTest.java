// Tier: unit
package io.coursestream.processor.streams;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.metrics.Gauge;
import org.apache.kafka.common.metrics.Measurable;
import org.apache.kafka.common.metrics.Metrics;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

class KafkaStreamsMetersTest {

    private static final String THREAD = "processor-StreamThread-1";

    private final Metrics kafka = new Metrics();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final KafkaStreamsMeters meters = new KafkaStreamsMeters(kafka::metrics, registry);

    @AfterEach
    void closeMetrics() {
        kafka.close();
    }

    @Test
    void shouldBindTheClientAndThreadMetricsAndLeaveOutTheFinerOnes() {
        // given a client's and a thread's metrics, and the task, store, topic and partition metrics beside them
        AtomicLong processed = new AtomicLong(42);
        add("process-rate", "stream-thread-metrics", 12.5, "thread-id", THREAD);
        kafka.addMetric(name("process-total", "stream-thread-metrics", "thread-id", THREAD),
                (Measurable) (config, now) -> processed.get());
        add("alive-stream-threads", "stream-metrics", 1, "client-id", "processor");
        kafka.addMetric(name("state", "stream-metrics", "client-id", "processor"),
                (Gauge<String>) (config, now) -> "RUNNING");
        add("records-lag-max", "consumer-fetch-manager-metrics", 3, "client-id", "consumer");
        add("records-lag-max", "consumer-fetch-manager-metrics", 3, "client-id", "consumer", "topic", "t");
        add("records-lag", "consumer-fetch-manager-metrics", 3, "client-id", "consumer", "topic", "t",
                "partition", "0");
        add("process-rate", "stream-task-metrics", 1, "thread-id", THREAD, "task-id", "0_0");
        add("estimate-num-keys", "stream-state-metrics", 7, "thread-id", THREAD, "task-id", "0_0",
                "rocksdb-state-id", "points-totals-store");

        // when
        meters.refresh();

        // then the thread's rate is a gauge, its total a counter, the lag max per client only; no string, no finer
        assertThat(registry.getMeters()).extracting(meter -> meter.getId().getName()).containsExactlyInAnyOrder(
                "kafka.stream.thread.process.rate", "kafka.stream.thread.process.total",
                "kafka.stream.alive.stream.threads", "kafka.consumer.fetch.manager.records.lag.max");
        assertThat(registry.get("kafka.stream.thread.process.rate").tag("thread.id", THREAD).gauge().value())
                .isEqualTo(12.5);
        FunctionCounter total = registry.get("kafka.stream.thread.process.total").functionCounter();
        assertThat(total.count()).isEqualTo(42);
        processed.set(50);
        assertThat(total.count()).isEqualTo(50);
    }

    @Test
    void shouldFollowMetricsThatComeAndGo() {
        // given a thread's metric, bound
        add("commit-rate", "stream-thread-metrics", 4, "thread-id", THREAD);
        meters.refresh();

        // when the thread is replaced: its metrics go, the new thread's come
        kafka.removeMetric(name("commit-rate", "stream-thread-metrics", "thread-id", THREAD));
        add("commit-rate", "stream-thread-metrics", 5, "thread-id", "processor-StreamThread-2");
        meters.refresh();

        // then only the new thread's meter is left
        assertThat(registry.find("kafka.stream.thread.commit.rate").gauges())
                .extracting(gauge -> gauge.getId().getTag("thread.id"), gauge -> gauge.value())
                .containsExactly(Tuple.tuple("processor-StreamThread-2", 5.0));

        // and closing removes what is bound
        meters.close();
        assertThat(registry.getMeters()).isEmpty();
    }

    @Test
    void shouldNameMetersAsMicrometerNamesKafkaMetrics() {
        assertThat(KafkaStreamsMeters.meterName(name("commit-latency-avg", "stream-thread-metrics")))
                .isEqualTo("kafka.stream.thread.commit.latency.avg");
        assertThat(KafkaStreamsMeters.meterName(name("txn-commit-time-ns-total", "producer-metrics")))
                .isEqualTo("kafka.producer.txn.commit.time.ns.total");
    }

    private void add(String name, String group, double value, String... tags) {
        kafka.addMetric(name(name, group, tags), (Measurable) (config, now) -> value);
    }

    private MetricName name(String name, String group, String... tags) {
        Map<String, String> tagMap = new LinkedHashMap<>();
        for (int i = 0; i < tags.length; i += 2) {
            tagMap.put(tags[i], tags[i + 1]);
        }
        return kafka.metricName(name, group, "", tagMap);
    }
}
