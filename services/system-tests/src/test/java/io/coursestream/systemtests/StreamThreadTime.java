package io.coursestream.systemtests;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where the stream processor's stream threads spent a benchmark's measured run, from the Kafka clients' own time
 * counters (KIP-761) on the processor's {@code /q/metrics}: committing (the producer's flush at each commit, then the
 * transaction's requests: begin, send offsets, commit) and blocked on Kafka in all (that and the consumer's waits in
 * poll), as shares of the run's wall-clock time, with the number of commits, and the fetch requests of the stream
 * threads' consumers and of the global stores' consumer (every fetch is work for the broker, which shares the cores).
 * It tells a run limited by the broker's answers to commits from one limited by processing.
 */
final class StreamThreadTime {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    /** A Prometheus sample of a stream thread's (or its producer's) counter: name, thread, value. */
    private static final Pattern SAMPLE = Pattern.compile(
            "^kafka_(stream_thread_blocked_time_ns_total|stream_thread_commit_total|producer_flush_time_ns_total"
                    + "|producer_txn_(?:begin|send_offsets|commit)_time_ns_total)"
                    + "\\{(?:thread_id|client_id)=\"[^\"]*-(StreamThread-\\d+)(?:-producer)?\"} (\\S+)$");
    /** A Prometheus sample of the fetch requests of a stream thread's consumer or of the global consumer. */
    private static final Pattern FETCHES = Pattern.compile(
            "^kafka_consumer_fetch_manager_fetch_total\\{client_id=\"[^\"]*-"
                    + "(StreamThread-\\d+-consumer|global-consumer)\"} (\\S+)$");

    /**
     * The counters at one moment, summed over the stream threads; {@code threads} counted by their blocked time,
     * {@code fetches} by the stream threads' consumers, {@code globalFetches} by the global consumer.
     */
    record Sample(long atNanos, int threads, double blockedNanos, double flushNanos, double transactionNanos,
            double commits, double fetches, double globalFetches) {
    }

    private StreamThreadTime() {
    }

    /** The processor's counters now; {@code api} is its base URL. */
    static Sample sample(String api) throws IOException, InterruptedException {
        String base = api.endsWith("/") ? api.substring(0, api.length() - 1) : api;
        HttpResponse<String> metrics = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/q/metrics")).build(),
                HttpResponse.BodyHandlers.ofString());
        if (metrics.statusCode() != 200) {
            throw new IllegalStateException("GET " + base + "/q/metrics answered " + metrics.statusCode());
        }
        return parse(metrics.body(), System.nanoTime());
    }

    /** The stream threads' counters in a Prometheus text exposition. */
    static Sample parse(String exposition, long atNanos) {
        int threads = 0;
        double blocked = 0;
        double flush = 0;
        double transaction = 0;
        double commits = 0;
        double fetches = 0;
        double globalFetches = 0;
        for (String line : exposition.split("\n")) {
            Matcher fetch = FETCHES.matcher(line);
            if (fetch.matches()) {
                if (fetch.group(1).equals("global-consumer")) {
                    globalFetches += Double.parseDouble(fetch.group(2));
                } else {
                    fetches += Double.parseDouble(fetch.group(2));
                }
                continue;
            }
            Matcher sample = SAMPLE.matcher(line);
            if (!sample.matches()) {
                continue;
            }
            double value = Double.parseDouble(sample.group(3));
            switch (sample.group(1)) {
                case "stream_thread_blocked_time_ns_total" -> {
                    threads++;
                    blocked += value;
                }
                case "stream_thread_commit_total" -> commits += value;
                case "producer_flush_time_ns_total" -> flush += value;
                default -> transaction += value;
            }
        }
        return new Sample(atNanos, threads, blocked, flush, transaction, commits, fetches, globalFetches);
    }

    /** What the threads did between {@code start} and {@code end}, one line. */
    static String between(Sample start, Sample end) {
        double threadNanos = (double) (end.atNanos() - start.atNanos()) * Math.max(1, end.threads());
        double seconds = (end.atNanos() - start.atNanos()) / 1e9;
        double flush = (end.flushNanos() - start.flushNanos()) / threadNanos;
        double transaction = (end.transactionNanos() - start.transactionNanos()) / threadNanos;
        double commits = end.commits() - start.commits();
        return String.format(Locale.ROOT, "committing %.0f %% of the run (flush %.0f %%, transaction requests %.0f %%),"
                + " blocked on Kafka %.0f %% in all; %.0f commits (%.0f/s), %d stream thread(s); fetch requests %.0f/s,"
                + " the global consumer's %.0f/s",
                100 * (flush + transaction), 100 * flush, 100 * transaction,
                100 * (end.blockedNanos() - start.blockedNanos()) / threadNanos, commits, commits / seconds,
                end.threads(), (end.fetches() - start.fetches()) / seconds,
                (end.globalFetches() - start.globalFetches()) / seconds);
    }
}
