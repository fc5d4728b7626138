package io.coursestream.topology.errors;

import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides about records Kafka Streams could not deserialize at a source node. Input topics are read as raw
 * bytes and dead-lettered by the validation topology, so this handler only meets records of topics with
 * typed serdes (repartition topics, later contexts' own inputs): corrupt bytes there are skipped so one
 * record cannot stop the stream (DESIGN 8); the record stays at its offset for inspection and Kafka Streams'
 * {@code dropped-records} metric counts it.
 */
public class DeserializationErrorHandler implements DeserializationExceptionHandler {

    private static final Logger LOG = LoggerFactory.getLogger(DeserializationErrorHandler.class);

    @Override
    public DeserializationHandlerResponse handle(ErrorHandlerContext context, ConsumerRecord<byte[], byte[]> record,
            Exception exception) {
        LOG.error("Skipping undeserializable record {}-{}@{} at node {} (event id unknown): {}; CONTINUE because a"
                        + " corrupt record must not stop the stream, it stays at its offset and counts as dropped",
                record.topic(), record.partition(), record.offset(), context.processorNodeId(), exception.toString());
        return DeserializationHandlerResponse.CONTINUE;
    }

    @Override
    public void configure(Map<String, ?> configs) {
        // nothing to configure
    }
}
