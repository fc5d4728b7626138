package io.coursestream.processor.streams;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.jboss.logging.Logger;

/**
 * What happens to a stream thread that a task failure killed (an unreachable schema registry, a state store or
 * transaction in doubt; bad records never get here, they are dead-lettered). The thread is replaced: its tasks
 * restart from their last committed transaction, so a transient outage heals by itself and nothing is lost or
 * counted twice. Each attempt goes through a rebalance and a restore, which paces the retries. quarkus-kafka-streams
 * installs this bean as the uncaught exception handler.
 */
@ApplicationScoped
public class ReplaceFailedStreamThread implements StreamsUncaughtExceptionHandler {

    private static final Logger LOG = Logger.getLogger(ReplaceFailedStreamThread.class);

    @Override
    public StreamThreadExceptionResponse handle(Throwable exception) {
        LOG.error("A stream thread failed; replacing it, its tasks resume from their last commit", exception);
        return StreamThreadExceptionResponse.REPLACE_THREAD;
    }
}
