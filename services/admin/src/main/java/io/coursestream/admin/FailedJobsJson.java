package io.coursestream.admin;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The stream processor's failed-job JSON ({@code GET /api/failed-jobs} and {@code /api/failed-jobs/{id}}), read
 * leniently: fields the processor adds later are ignored, fields it leaves out are null. Instants stay ISO-8601 text,
 * printed as received.
 */
final class FailedJobsJson {

    private static final ObjectMapper JSON = new ObjectMapper();

    private FailedJobsJson() {
    }

    /** One page of the failed-job index; {@code total} counts every match, not just this page. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Page(int total, List<FailedJob> jobs) {
        Page {
            jobs = jobs == null ? List.of() : jobs;
        }
    }

    /** A dead-lettered job; {@code errors} only in the single-job answer. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record FailedJob(String jobId, String type, String queue, String reason, String reasonDetail, int attempts,
            String deadLetteredAt, String originalTopic, Integer originalPartition, Long originalOffset,
            String requeuedBy, AttemptError lastError, List<AttemptError> errors) {
        FailedJob {
            errors = errors == null ? List.of() : errors;
        }
    }

    /** The error of one attempt; {@code causes} and {@code stackTrace} only in the single-job answer. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record AttemptError(int attempt, String errorClass, String message, boolean retriable, String failedAt,
            List<String> causes, String stackTrace) {
        AttemptError {
            causes = causes == null ? List.of() : causes;
        }
    }

    static Page page(String body) {
        return read(body, Page.class);
    }

    static FailedJob job(String body) {
        return read(body, FailedJob.class);
    }

    private static <T> T read(String body, Class<T> type) {
        try {
            return JSON.readValue(body, type);
        } catch (JsonProcessingException unexpected) {
            throw new AdminException("the stream processor answered JSON this CLI cannot read", unexpected);
        }
    }
}
