package io.coursestream.topology.affiliates;

import java.time.Instant;
import java.util.UUID;

import io.coursestream.schemas.common.EventMetadata;
import io.coursestream.topology.streams.DerivedIds;

/**
 * Every id the affiliate topology gives out, derived from its inputs and never drawn at random or from the clock, so
 * that a replayed input yields the same ids (and the same events) and is recognised as a repeat.
 */
public final class AffiliateIds {

    /** Producer of every event the affiliate topology writes. */
    public static final String PRODUCER = "stream-processor";

    private AffiliateIds() {
    }

    /** The conversion of a transaction: a name-based UUID of {@code conversion:<transactionId>}. */
    public static String conversionId(String transactionId) {
        return nameUuid("conversion:" + transactionId);
    }

    /** {@code <conversionId>:<tier>}. */
    public static String commissionId(String conversionId, int tier) {
        return conversionId + ":" + tier;
    }

    /** {@code <commissionId>:<refundId>}: one reversal per commission and refund. */
    public static String reversalId(String commissionId, String refundId) {
        return commissionId + ":" + refundId;
    }

    /** An affiliate's {@code sequence}-th payout (from 1) in {@code currency}: a name-based UUID. */
    public static String payoutId(String affiliateId, String currency, long sequence) {
        return nameUuid("payout:" + affiliateId + ":" + currency + ":" + sequence);
    }

    /** The ExecutePayout job of a payout: a name-based UUID of {@code payout:<payoutId>}. */
    public static String payoutJobId(String payoutId) {
        return nameUuid("payout:" + payoutId);
    }

    /** The id of the event of {@code kind} about {@code subject}, for example ("commission-approved", commissionId). */
    public static UUID eventId(String kind, String subject) {
        return DerivedIds.eventId(kind, subject);
    }

    /** Metadata of an event the topology writes, its id from {@link #eventId}. */
    static EventMetadata metadata(String kind, String subject, Instant occurredAt, String correlationId,
            String causationId) {
        return DerivedIds.metadata(kind, subject, occurredAt, correlationId, causationId, PRODUCER);
    }

    private static String nameUuid(String name) {
        return DerivedIds.nameUuid(name);
    }
}
