package io.coursestream.workers;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

import io.coursestream.schemas.jobs.JobAttemptError;

/** Turns what an attempt threw into the error the scheduler and the dead letters keep. */
public final class JobErrors {

    private final int maxStackTraceChars;

    public JobErrors(int maxStackTraceChars) {
        this.maxStackTraceChars = maxStackTraceChars;
    }

    /** Fatal if a {@link FatalJobException} is anywhere in the cause chain (a handler may wrap it); else retriable. */
    public static boolean isRetriable(Throwable error) {
        for (Throwable t : chain(error)) {
            if (t instanceof FatalJobException) {
                return false;
            }
        }
        return true;
    }

    public JobAttemptError describe(Throwable error, int attempt, String workerId, Instant failedAt) {
        List<Throwable> chain = chain(error);
        List<String> causes = new ArrayList<>();
        for (Throwable cause : chain.subList(1, chain.size())) {
            causes.add(cause.getClass().getName() + ": " + (cause.getMessage() == null ? "" : cause.getMessage()));
        }
        return JobAttemptError.newBuilder()
                .setAttempt(attempt)
                .setErrorClass(error.getClass().getName())
                .setMessage(error.getMessage() == null ? "" : error.getMessage())
                .setCauses(causes)
                .setStackTrace(stackTrace(error))
                .setRetriable(isRetriable(error))
                .setWorkerId(workerId)
                .setFailedAt(failedAt)
                .build();
    }

    private String stackTrace(Throwable error) {
        StringWriter text = new StringWriter();
        error.printStackTrace(new PrintWriter(text));
        String trace = text.toString();
        return trace.length() <= maxStackTraceChars ? trace : trace.substring(0, maxStackTraceChars) + "\n\t...";
    }

    /** The error and its causes, outermost first, stopping at a cycle. */
    private static List<Throwable> chain(Throwable error) {
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        List<Throwable> chain = new ArrayList<>();
        for (Throwable t = error; t != null && seen.add(t); t = t.getCause()) {
            chain.add(t);
        }
        return chain;
    }
}
