package io.coursestream.topology.affiliates;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.coursestream.schemas.affiliates.ConversionCandidate;
import io.coursestream.schemas.affiliates.ConversionRecord;
import io.coursestream.schemas.affiliates.ConversionRefund;
import io.coursestream.schemas.payments.PaymentRefunded;

/**
 * One conversion per transaction (keyed by transaction id, state {@value AffiliateTopology#TRANSACTIONS_STORE}).
 *
 * <ul>
 *   <li>The first credited payment of a transaction converts it: its candidate goes on.</li>
 *   <li>The same payment event again (a replay) changes nothing.</li>
 *   <li>Another payment event for a converted transaction is a duplicate: it goes on marked {@code duplicate}, for
 *       the conversion's affiliate, to be flagged; it never converts. Each duplicate event is flagged once.</li>
 *   <li>A refund of a converted transaction adds to its refunded sum (at most the revenue, in its currency) and goes on
 *       as a {@link ConversionRefund} with the cumulative sum; a refund id seen again, a refund of a transaction that
 *       did not convert, or in another currency, changes nothing.</li>
 * </ul>
 * Output: {@link ConversionCandidate} and {@link ConversionRefund}, keyed by the converting affiliate.
 */
final class ConversionCheck implements Processor<String, SpecificRecord, String, SpecificRecord> {

    private static final Logger LOG = LoggerFactory.getLogger(ConversionCheck.class);
    /** Duplicate payment events remembered per transaction: a redelivered duplicate is flagged once. */
    static final int MAX_DUPLICATES = 20;

    private ProcessorContext<String, SpecificRecord> context;
    private KeyValueStore<String, ConversionRecord> conversions;

    @Override
    public void init(ProcessorContext<String, SpecificRecord> context) {
        this.context = context;
        this.conversions = context.getStateStore(AffiliateTopology.TRANSACTIONS_STORE);
    }

    @Override
    public void process(Record<String, SpecificRecord> record) {
        if (record.value() instanceof ConversionCandidate candidate) {
            convert(candidate);
        } else if (record.value() instanceof PaymentRefunded refunded && refunded.getTransactionId().equals(record.key())) {
            refund(refunded);
        }
    }

    private void convert(ConversionCandidate candidate) {
        String transactionId = candidate.getTransactionId();
        ConversionRecord converted = conversions.get(transactionId);
        if (converted == null) {
            conversions.put(transactionId, ConversionRecord.newBuilder()
                    .setTransactionId(transactionId)
                    .setConversionId(candidate.getConversionId())
                    .setPaymentEventId(candidate.getPaymentEventId())
                    .setAffiliateId(candidate.getAffiliateId())
                    .setRevenue(candidate.getRevenue())
                    .setRefundedMinor(0)
                    .setRefundIds(List.of())
                    .setDuplicateEventIds(List.of())
                    .build());
            forward(candidate.getAffiliateId(), candidate, candidate.getPaidAt());
            return;
        }
        String eventId = candidate.getPaymentEventId();
        if (converted.getPaymentEventId().equals(eventId) || converted.getDuplicateEventIds().contains(eventId)) {
            return;
        }
        List<String> duplicates = new ArrayList<>(converted.getDuplicateEventIds());
        duplicates.add(eventId);
        if (duplicates.size() > MAX_DUPLICATES) {
            duplicates.remove(0);
        }
        conversions.put(transactionId, ConversionRecord.newBuilder(converted).setDuplicateEventIds(duplicates).build());
        LOG.warn("Payment event {} repeats converted transaction {} (converted by event {}): flagged",
                eventId, transactionId, converted.getPaymentEventId());
        forward(converted.getAffiliateId(), ConversionCandidate.newBuilder(candidate)
                .setConversionId(converted.getConversionId())
                .setAffiliateId(converted.getAffiliateId())
                .setDuplicate(true)
                .build(), candidate.getPaidAt());
    }

    private void refund(PaymentRefunded refunded) {
        ConversionRecord converted = conversions.get(refunded.getTransactionId());
        if (converted == null || converted.getRefundIds().contains(refunded.getRefundId())) {
            return;
        }
        String currency = converted.getRevenue().getCurrency();
        if (!currency.equals(refunded.getAmount().getCurrency()) || refunded.getAmount().getAmountMinor() <= 0) {
            LOG.warn("Ignoring refund {} of transaction {}: {} {} does not refund a {} payment",
                    refunded.getRefundId(), refunded.getTransactionId(), refunded.getAmount().getAmountMinor(),
                    refunded.getAmount().getCurrency(), currency);
            return;
        }
        long revenue = converted.getRevenue().getAmountMinor();
        long refundedMinor = Math.min(revenue, converted.getRefundedMinor() + refunded.getAmount().getAmountMinor());
        List<String> refundIds = new ArrayList<>(converted.getRefundIds());
        refundIds.add(refunded.getRefundId());
        conversions.put(converted.getTransactionId(), ConversionRecord.newBuilder(converted)
                .setRefundedMinor(refundedMinor).setRefundIds(refundIds).build());
        Instant at = refunded.getMetadata().getOccurredAt();
        forward(converted.getAffiliateId(), ConversionRefund.newBuilder()
                .setConversionId(converted.getConversionId())
                .setTransactionId(converted.getTransactionId())
                .setAffiliateId(converted.getAffiliateId())
                .setRefundId(refunded.getRefundId())
                .setRefundedMinor(refundedMinor)
                .setRevenue(converted.getRevenue())
                .setReason(refunded.getReason())
                .setAt(at)
                .setEventId(refunded.getMetadata().getEventId().toString())
                .setCorrelationId(refunded.getMetadata().getCorrelationId())
                .build(), at);
    }

    private void forward(String key, SpecificRecord value, Instant at) {
        context.forward(new Record<>(key, value, at.toEpochMilli()));
    }
}
