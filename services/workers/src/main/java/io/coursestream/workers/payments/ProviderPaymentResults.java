package io.coursestream.workers.payments;

import java.util.function.Consumer;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;

import io.coursestream.schemas.payments.ProviderPaymentResult;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;

/**
 * Writes {@link ProviderPaymentResult}s to {@code payments.provider-results} through the outgoing channel
 * {@value #CHANNEL}, keyed by transactionId, so one transaction's answers stay in order for the payment topology.
 * {@link #accept} returns once the broker acknowledged the result (acks=all): a job reports success only after that.
 */
@ApplicationScoped
public class ProviderPaymentResults implements Consumer<ProviderPaymentResult> {

    /** The outgoing channel of {@code payments.provider-results}. */
    public static final String CHANNEL = "provider-payment-results";

    private final MutinyEmitter<ProviderPaymentResult> emitter;

    @Inject
    ProviderPaymentResults(@Channel(CHANNEL) MutinyEmitter<ProviderPaymentResult> emitter) {
        this.emitter = emitter;
    }

    /** Sends the result keyed by its transactionId and waits for the broker; throws if it was not written. */
    @Override
    public void accept(ProviderPaymentResult result) {
        emitter.sendMessageAndAwait(Message.of(result).addMetadata(OutgoingKafkaRecordMetadata.<String>builder()
                .withKey(result.getTransactionId()).build()));
    }
}
