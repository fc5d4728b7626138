package io.coursestream.admin;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/** One line for the operator out of an exception and its causes. */
final class Failures {

    private Failures() {
    }

    /**
     * The failure's own message when it is an {@link AdminException} (already written for the operator), else its
     * type and message, followed by the causes' that add something ({@code ConnectException} often has none).
     */
    static String describe(Throwable failure) {
        Throwable top = unwrap(failure);
        if (top instanceof AdminException) {
            return top.getMessage();
        }
        StringBuilder line = new StringBuilder(oneLine(top));
        for (Throwable cause = top.getCause(); cause != null && cause != cause.getCause(); cause = cause.getCause()) {
            String causeLine = oneLine(cause);
            if (!line.toString().contains(causeLine)) {
                line.append(": ").append(causeLine);
            }
        }
        return line.toString();
    }

    static Throwable unwrap(Throwable failure) {
        Throwable current = failure;
        while ((current instanceof ExecutionException || current instanceof CompletionException)
                && current.getCause() != null) {
            current = current.getCause();
        }
        return current;
    }

    private static String oneLine(Throwable failure) {
        String message = failure.getMessage();
        return message == null || message.isBlank()
                ? failure.getClass().getSimpleName()
                : failure.getClass().getSimpleName() + " " + message.strip().replace('\n', ' ');
    }
}
