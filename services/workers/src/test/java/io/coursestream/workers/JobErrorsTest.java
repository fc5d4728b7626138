// Tier: unit (the error chain a failed attempt reports, no Kafka)
package io.coursestream.workers;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.SocketTimeoutException;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import io.coursestream.schemas.jobs.JobAttemptError;
import io.coursestream.schemas.jobs.JobType;

class JobErrorsTest {

    private static final Instant FAILED_AT = Instant.parse("2026-01-05T10:00:00Z");

    private final JobErrors errors = new JobErrors(200);

    @Test
    void shouldReportClassMessageAndCausesOutermostFirst() {
        Exception error = new IllegalStateException("upload failed",
                new UncheckedIOException("storage read", new SocketTimeoutException("read timed out")));

        JobAttemptError described = errors.describe(error, 2, "worker-1/t", FAILED_AT);

        assertThat(described.getErrorClass()).isEqualTo("java.lang.IllegalStateException");
        assertThat(described.getMessage()).isEqualTo("upload failed");
        assertThat(described.getCauses()).containsExactly(
                "java.io.UncheckedIOException: storage read",
                "java.net.SocketTimeoutException: read timed out");
        assertThat(described.getAttempt()).isEqualTo(2);
        assertThat(described.getWorkerId()).isEqualTo("worker-1/t");
        assertThat(described.getFailedAt()).isEqualTo(FAILED_AT);
        assertThat(described.getRetriable()).isTrue();
    }

    @Test
    void shouldCutTheStackTraceToTheConfiguredLength() {
        JobAttemptError described = errors.describe(new IOException("x"), 1, "w", FAILED_AT);

        assertThat(described.getStackTrace()).startsWith("java.io.IOException: x");
        assertThat(described.getStackTrace().length()).isLessThanOrEqualTo(200 + "\n\t...".length());
    }

    @Test
    void shouldReportAnEmptyMessageWhenTheExceptionHasNone() {
        assertThat(errors.describe(new NullPointerException(), 1, "w", FAILED_AT).getMessage()).isEmpty();
    }

    @Test
    void shouldBeFatalWhenAFatalJobExceptionIsAnywhereInTheChain() {
        assertThat(JobErrors.isRetriable(new FatalJobException("bad payload"))).isFalse();
        assertThat(JobErrors.isRetriable(new RuntimeException("wrapped", new FatalJobException("bad")))).isFalse();
        assertThat(JobErrors.isRetriable(new NoHandlerException(JobType.UNKNOWN)))
                .isFalse();
        assertThat(JobErrors.isRetriable(new IOException("timeout"))).isTrue();
    }
}
