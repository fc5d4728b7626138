package io.coursestream.topology.affiliates;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.coursestream.schemas.affiliates.ReferralCodeResolved;
import io.coursestream.schemas.affiliates.ReferralCodeUse;

/**
 * Resolves the referral code a user registered with to the code's owner (keyed by code): owners in
 * {@value AffiliateTopology#CODES_STORE} (code to owner user id, the first owner seen keeps it), registrations whose
 * owner is not known yet in {@value AffiliateTopology#PENDING_CODES_STORE} ({@code <code>NUL<userId>} to the
 * {@link ReferralCodeUse}) until the owner registers. A pending registration expires once the stream time of the task
 * is past its registration time plus the attribution window: it could credit nothing any more. A user registering
 * with their own code is ignored.
 *
 * <p>Output: {@link ReferralCodeResolved}, keyed by the referred user id, at the registration's time.
 */
final class ReferralCodeResolver implements Processor<String, SpecificRecord, String, SpecificRecord> {

    private static final Logger LOG = LoggerFactory.getLogger(ReferralCodeResolver.class);
    private static final char SEPARATOR = '\u0000';
    /** How often, in stream time, expired pending registrations are dropped. */
    private static final Duration EXPIRY_CHECK = Duration.ofHours(1);

    private final Duration window;
    private ProcessorContext<String, SpecificRecord> context;
    private KeyValueStore<String, String> owners;
    private KeyValueStore<String, ReferralCodeUse> pending;

    ReferralCodeResolver(Duration window) {
        this.window = window;
    }

    @Override
    public void init(ProcessorContext<String, SpecificRecord> context) {
        this.context = context;
        this.owners = context.getStateStore(AffiliateTopology.CODES_STORE);
        this.pending = context.getStateStore(AffiliateTopology.PENDING_CODES_STORE);
        context.schedule(EXPIRY_CHECK, PunctuationType.STREAM_TIME, this::expire);
    }

    @Override
    public void process(Record<String, SpecificRecord> record) {
        if (!(record.value() instanceof ReferralCodeUse use) || !use.getReferralCode().equals(record.key())) {
            return;
        }
        String code = use.getReferralCode();
        if (use.getOwner()) {
            own(code, use);
            return;
        }
        String owner = owners.get(code);
        if (owner == null) {
            pending.put(code + SEPARATOR + use.getUserId(), use);
        } else {
            resolve(use, owner);
        }
    }

    private void own(String code, ReferralCodeUse use) {
        String owner = owners.get(code);
        if (owner != null) {
            if (!owner.equals(use.getUserId())) {
                LOG.warn("Referral code {} claimed by user {} belongs to user {} already", code, use.getUserId(), owner);
            }
            return;
        }
        owners.put(code, use.getUserId());
        List<KeyValue<String, ReferralCodeUse>> waiting = new ArrayList<>();
        try (KeyValueIterator<String, ReferralCodeUse> entries = pending.prefixScan(code + SEPARATOR,
                new StringSerializer())) {
            entries.forEachRemaining(waiting::add);
        }
        for (KeyValue<String, ReferralCodeUse> entry : waiting) {
            pending.delete(entry.key);
            if (!expired(entry.value, Instant.ofEpochMilli(context.currentStreamTimeMs()))) {
                resolve(entry.value, use.getUserId());
            }
        }
    }

    private void resolve(ReferralCodeUse use, String owner) {
        if (owner.equals(use.getUserId())) {
            return; // a user never refers themselves
        }
        context.forward(new Record<>(use.getUserId(), ReferralCodeResolved.newBuilder()
                .setReferredUserId(use.getUserId())
                .setAffiliateId(owner)
                .setReferralCode(use.getReferralCode())
                .setRegisteredAt(use.getAt())
                .setEventId(use.getEventId())
                .build(), use.getAt().toEpochMilli()));
    }

    private boolean expired(ReferralCodeUse use, Instant streamTime) {
        return use.getAt().plus(window).isBefore(streamTime);
    }

    private void expire(long streamTime) {
        List<String> expired = new ArrayList<>();
        try (KeyValueIterator<String, ReferralCodeUse> entries = pending.all()) {
            entries.forEachRemaining(entry -> {
                if (expired(entry.value, Instant.ofEpochMilli(streamTime))) {
                    expired.add(entry.key);
                }
            });
        }
        expired.forEach(pending::delete);
        if (!expired.isEmpty()) {
            LOG.info("Dropped {} registrations whose referral code found no owner within {}", expired.size(), window);
        }
    }
}
