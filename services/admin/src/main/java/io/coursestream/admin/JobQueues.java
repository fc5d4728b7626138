package io.coursestream.admin;

import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;

import io.coursestream.schemas.jobs.JobQueue;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code --queue} values: the six queues in any case ({@code emails}, {@code EMAILS}); {@code UNKNOWN}, the reader's
 * fallback symbol, is not a queue an operator can name.
 */
final class JobQueues implements ITypeConverter<JobQueue>, Iterable<String> {

    static final List<JobQueue> QUEUES = Arrays.stream(JobQueue.values())
            .filter(queue -> queue != JobQueue.UNKNOWN)
            .toList();

    @Override
    public JobQueue convert(String value) {
        return QUEUES.stream()
                .filter(queue -> queue.name().equalsIgnoreCase(value.strip()))
                .findFirst()
                .orElseThrow(() -> new TypeConversionException(
                        "'" + value + "' is not a queue (one of " + String.join(", ", this) + ")"));
    }

    /** The completion candidates and the names listed in help. */
    @Override
    public Iterator<String> iterator() {
        return QUEUES.stream().map(queue -> queue.name().toLowerCase(Locale.ROOT)).iterator();
    }
}
