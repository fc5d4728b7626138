package io.coursestream.workers.notifications;

import java.util.Collection;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;

import io.smallrye.common.annotation.Identifier;
import io.smallrye.reactive.messaging.kafka.KafkaConsumerRebalanceListener;

/**
 * The {@code jobs.emails} channel's rebalance listener ({@code consumer-rebalance-listener.name}): on the polling
 * thread, before the records of newly assigned partitions are handed out, loads their recent {@link MailReceipts};
 * forgets those of partitions revoked or lost.
 */
@ApplicationScoped
@Identifier(MailReceiptsLoader.NAME)
public class MailReceiptsLoader implements KafkaConsumerRebalanceListener {

    /** The name the channel's configuration refers to. */
    public static final String NAME = "mail-receipts-loader";

    private final MailReceipts receipts;

    MailReceiptsLoader(MailReceipts receipts) {
        this.receipts = receipts;
    }

    @Override
    public void onPartitionsAssigned(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        receipts.load(numbers(partitions));
    }

    @Override
    public void onPartitionsRevoked(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        receipts.forget(numbers(partitions));
    }

    @Override
    public void onPartitionsLost(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        receipts.forget(numbers(partitions));
    }

    private static List<Integer> numbers(Collection<TopicPartition> partitions) {
        return partitions.stream().map(TopicPartition::partition).toList();
    }
}
