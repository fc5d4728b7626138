package io.coursestream.devstack.stripe;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A transfer the server created (Stripe's {@code transfer} object).
 *
 * @param id             {@code tr_...}
 * @param amount         minor units
 * @param currency       ISO 4217, lower case as Stripe keeps it
 * @param destination    the connected account ({@code acct_...})
 * @param description    or null
 * @param transferGroup  or null
 * @param metadata       the metadata as sent
 * @param created        when it was created (seconds, as Stripe reports)
 * @param idempotencyKey the key of the request that created it, or null
 */
public record StripeTransfer(String id, long amount, String currency, String destination, String description,
        String transferGroup, Map<String, String> metadata, Instant created, String idempotencyKey) {

    public StripeTransfer {
        metadata = Map.copyOf(metadata);
    }

    /** The JSON object Stripe returns for it. */
    Map<String, Object> toJson(String balanceTransaction, String destinationPayment) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", id);
        json.put("object", "transfer");
        json.put("amount", amount);
        json.put("amount_reversed", 0);
        json.put("balance_transaction", balanceTransaction);
        json.put("created", created.getEpochSecond());
        json.put("currency", currency);
        json.put("description", description);
        json.put("destination", destination);
        json.put("destination_payment", destinationPayment);
        json.put("livemode", false);
        json.put("metadata", new LinkedHashMap<>(metadata));
        Map<String, Object> reversals = new LinkedHashMap<>();
        reversals.put("object", "list");
        reversals.put("data", List.of());
        reversals.put("has_more", false);
        reversals.put("total_count", 0);
        reversals.put("url", "/v1/transfers/" + id + "/reversals");
        json.put("reversals", reversals);
        json.put("reversed", false);
        json.put("source_transaction", null);
        json.put("source_type", "card");
        json.put("transfer_group", transferGroup);
        return json;
    }
}
