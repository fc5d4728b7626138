package io.coursestream.topology.errors;

import java.util.Map;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProductionExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides about output records that could not be serialized or sent:
 * <ul>
 *   <li>a retriable send error (leader moved, broker briefly away): RETRY; Kafka Streams retries from the
 *       last commit, so nothing is lost or duplicated;</li>
 *   <li>{@link RecordTooLargeException}: CONTINUE; that one record can never be written (a dead letter whose
 *       error headers pushed it over the topic's size limit), and it must not stop the stream; the input's
 *       coordinates are logged to find it;</li>
 *   <li>any other send error (authorization, missing topic, broken configuration): FAIL; it hits every record,
 *       and continuing would silently drop all output;</li>
 *   <li>a serialization error: FAIL; a record this service built cannot be serialized (a bug, or the registry
 *       is unreachable), and failing keeps its input uncommitted to be processed again.</li>
 * </ul>
 */
public class ProductionErrorHandler implements ProductionExceptionHandler {

    private static final Logger LOG = LoggerFactory.getLogger(ProductionErrorHandler.class);

    @Override
    public ProductionExceptionHandlerResponse handle(ErrorHandlerContext context, ProducerRecord<byte[], byte[]> record,
            Exception exception) {
        if (exception instanceof RetriableException) {
            LOG.warn("Sending to {} for input {}-{}@{} failed transiently; RETRY from the last commit: {}",
                    record.topic(), context.topic(), context.partition(), context.offset(), exception.toString());
            return ProductionExceptionHandlerResponse.RETRY;
        }
        if (exception instanceof RecordTooLargeException) {
            LOG.error("Dropping output to {} for input {}-{}@{}: the record can never be written ({}); CONTINUE so it"
                            + " does not stop the stream", record.topic(), context.topic(), context.partition(),
                    context.offset(), exception.toString());
            return ProductionExceptionHandlerResponse.CONTINUE;
        }
        LOG.error("Sending to {} for input {}-{}@{} failed; FAIL because this error affects every record and"
                + " continuing would drop all output", record.topic(), context.topic(), context.partition(),
                context.offset(), exception);
        return ProductionExceptionHandlerResponse.FAIL;
    }

    @Override
    @SuppressWarnings("rawtypes")
    public ProductionExceptionHandlerResponse handleSerializationException(ErrorHandlerContext context,
            ProducerRecord record, Exception exception, SerializationExceptionOrigin origin) {
        LOG.error("Cannot serialize the {} of a record for {} from input {}-{}@{}; FAIL so the input stays"
                        + " uncommitted and is processed again once the cause (a bug or an unreachable registry) is fixed",
                origin, record.topic(), context.topic(), context.partition(), context.offset(), exception);
        return ProductionExceptionHandlerResponse.FAIL;
    }

    @Override
    public void configure(Map<String, ?> configs) {
        // nothing to configure
    }
}
