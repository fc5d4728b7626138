package io.coursestream.topology.validation;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * The headers a dead-letter record carries on top of the original record's own. The {@code __streams.errors.*}
 * names and formats are those of Kafka Streams' built-in dead-letter queue (KIP-1034, Kafka 4.2), so moving to
 * it later keeps the records readable by the same tools; {@link #REASON} adds our classification.
 */
public final class DeadLetterHeaders {

    public static final String EXCEPTION = "__streams.errors.exception";
    public static final String MESSAGE = "__streams.errors.message";
    public static final String STACKTRACE = "__streams.errors.stacktrace";
    public static final String TOPIC = "__streams.errors.topic";
    public static final String PARTITION = "__streams.errors.partition";
    public static final String OFFSET = "__streams.errors.offset";
    /** Why the record was rejected: one of {@link RejectionReason#headerValue()}. */
    public static final String REASON = "coursestream.dead-letter.reason";

    /** Enough of a stack trace to find the failing frame without bloating every dead letter. */
    static final int MAX_STACKTRACE_LINES = 12;

    private DeadLetterHeaders() {
    }

    /**
     * The original headers plus the error headers. Error headers already present (a dead letter sent back to
     * its topic) are replaced, so they always describe the latest failure.
     */
    public static Headers describe(Headers original, RejectionReason reason, Throwable error,
            String topic, int partition, long offset) {
        Headers headers = new RecordHeaders(original.toArray());
        put(headers, EXCEPTION, error.getClass().getName());
        put(headers, MESSAGE, String.valueOf(error.getMessage()));
        put(headers, STACKTRACE, shortStackTrace(error));
        put(headers, TOPIC, topic);
        put(headers, PARTITION, Integer.toString(partition));
        put(headers, OFFSET, Long.toString(offset));
        put(headers, REASON, reason.headerValue());
        return headers;
    }

    /** The value of a header as text, or {@code null} when absent. */
    public static String text(Headers headers, String name) {
        var header = headers.lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    static String shortStackTrace(Throwable error) {
        StringWriter trace = new StringWriter();
        error.printStackTrace(new PrintWriter(trace));
        String[] lines = trace.toString().split("\\R");
        if (lines.length <= MAX_STACKTRACE_LINES) {
            return String.join("\n", lines);
        }
        return String.join("\n", Arrays.copyOf(lines, MAX_STACKTRACE_LINES))
                + "\n\t... " + (lines.length - MAX_STACKTRACE_LINES) + " more lines";
    }

    private static void put(Headers headers, String name, String value) {
        headers.remove(name);
        headers.add(name, value.getBytes(StandardCharsets.UTF_8));
    }
}
