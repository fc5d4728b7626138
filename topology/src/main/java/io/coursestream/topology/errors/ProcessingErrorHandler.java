package io.coursestream.topology.errors;

import java.util.Map;

import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.errors.StreamsException;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides about exceptions thrown by processors (KIP-1033). Input validation never throws for bad input, so
 * an exception here is either a record that passed validation but still broke a later processor, or a
 * failure of Kafka Streams' own machinery:
 * <ul>
 *   <li>{@link StreamsException} (a state store, the record collector): FAIL. The state or the transaction
 *       is in doubt; failing aborts the transaction and the task restarts from its last commit, so nothing is
 *       lost and nothing is counted twice.</li>
 *   <li>anything else: CONTINUE. The record is what broke, and one record must not stop the stream; its
 *       topic, partition, offset and event id are logged so it can be found and replayed once fixed.</li>
 * </ul>
 */
public class ProcessingErrorHandler implements ProcessingExceptionHandler {

    private static final Logger LOG = LoggerFactory.getLogger(ProcessingErrorHandler.class);

    @Override
    public ProcessingHandlerResponse handle(ErrorHandlerContext context, Record<?, ?> record, Exception exception) {
        // A punctuation that threw has no record.
        String eventId = record == null ? "none, a punctuation" : EventIds.of(record.value()).orElse("unknown");
        if (exception instanceof StreamsException) {
            LOG.error("Processing {}-{}@{} (event id {}) failed in Kafka Streams at node {}; FAIL so the task restarts"
                            + " from its last committed transaction", context.topic(), context.partition(),
                    context.offset(), eventId, context.processorNodeId(), exception);
            return ProcessingHandlerResponse.FAIL;
        }
        LOG.error("Skipping {}-{}@{} (event id {}): node {} threw; CONTINUE because one record must not stop the"
                        + " stream, replay it from this offset once fixed", context.topic(), context.partition(),
                context.offset(), eventId, context.processorNodeId(), exception);
        return ProcessingHandlerResponse.CONTINUE;
    }

    @Override
    public void configure(Map<String, ?> configs) {
        // nothing to configure
    }
}
