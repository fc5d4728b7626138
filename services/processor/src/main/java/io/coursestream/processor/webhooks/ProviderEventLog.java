package io.coursestream.processor.webhooks;

/** The provider events published for a transaction, as the payment topology remembers them. */
public interface ProviderEventLog {

    /**
     * @throws WebhookRejectedException never; an unanswerable question is a {@code QueryUnavailableException}
     */
    boolean contains(String transactionId, String providerEventId);
}
