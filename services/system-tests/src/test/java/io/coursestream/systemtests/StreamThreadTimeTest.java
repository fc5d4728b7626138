// Tier: unit test (no broker, no processes).
package io.coursestream.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StreamThreadTimeTest {

    private static final String THREAD = "coursestream-stream-processor-1b2c-StreamThread-1";
    private static final String GLOBAL = "coursestream-stream-processor-1b2c-global-consumer";

    @Test
    void shouldSumTheStreamThreadsCountersAndNothingElse() {
        // given an exposition with two stream threads, their producers, and other clients' counters of the same names
        String exposition = String.join("\n",
                "# TYPE kafka_stream_thread_blocked_time_ns_total counter",
                "kafka_stream_thread_blocked_time_ns_total{thread_id=\"" + THREAD + "\"} 4.0E9",
                "kafka_stream_thread_blocked_time_ns_total{thread_id=\"app-StreamThread-2\"} 1.0E9",
                "kafka_stream_thread_commit_total{thread_id=\"" + THREAD + "\"} 120.0",
                "kafka_stream_thread_commit_total{thread_id=\"app-StreamThread-2\"} 30.0",
                "kafka_stream_thread_commit_latency_avg{thread_id=\"" + THREAD + "\"} 33.0",
                "kafka_producer_flush_time_ns_total{client_id=\"" + THREAD + "-producer\"} 2.0E9",
                "kafka_producer_txn_begin_time_ns_total{client_id=\"" + THREAD + "-producer\"} 1.0E8",
                "kafka_producer_txn_send_offsets_time_ns_total{client_id=\"" + THREAD + "-producer\"} 3.0E8",
                "kafka_producer_txn_commit_time_ns_total{client_id=\"" + THREAD + "-producer\"} 6.0E8",
                "kafka_producer_txn_init_time_ns_total{client_id=\"" + THREAD + "-producer\"} 9.0E9",
                "kafka_producer_flush_time_ns_total{client_id=\"workers-lifecycle\"} 7.0E9",
                "kafka_consumer_io_wait_time_ns_total{client_id=\"" + THREAD + "-consumer\"} 5.0E9",
                "kafka_consumer_fetch_manager_fetch_total{client_id=\"" + THREAD + "-consumer\"} 700.0",
                "kafka_consumer_fetch_manager_fetch_total{client_id=\"app-StreamThread-2-consumer\"} 50.0",
                "kafka_consumer_fetch_manager_fetch_total{client_id=\"" + GLOBAL + "\"} 900.0",
                "kafka_consumer_fetch_manager_fetch_total{client_id=\"" + THREAD.replace("StreamThread", "StateUpdater")
                        + "-restore-consumer\"} 80.0");

        // when
        StreamThreadTime.Sample sample = StreamThreadTime.parse(exposition, 42L);

        // then init time (once per producer), the restore consumer and other clients are left out
        assertThat(sample).isEqualTo(new StreamThreadTime.Sample(42L, 2, 5.0E9, 2.0E9, 1.0E9, 150.0, 750.0, 900.0));
    }

    @Test
    void shouldGiveSharesOfTheRunsWallClockTimePerThread() {
        // given one thread's counters 10 s apart: 3 s flushing, 1 s in transaction requests, 6 s blocked in all,
        // 250 fetches by its consumer and 500 by the global consumer
        StreamThreadTime.Sample start = new StreamThreadTime.Sample(0L, 1, 1.0E9, 1.0E9, 0.0, 100.0, 50.0, 100.0);
        StreamThreadTime.Sample end = new StreamThreadTime.Sample(10_000_000_000L, 1, 7.0E9, 4.0E9, 1.0E9, 500.0,
                300.0, 600.0);

        // when
        String line = StreamThreadTime.between(start, end);

        // then
        assertThat(line).isEqualTo("committing 40 % of the run (flush 30 %, transaction requests 10 %), blocked on"
                + " Kafka 60 % in all; 400 commits (40/s), 1 stream thread(s); fetch requests 25/s, the global"
                + " consumer's 50/s");
    }
}
