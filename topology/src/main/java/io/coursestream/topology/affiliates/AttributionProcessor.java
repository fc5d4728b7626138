package io.coursestream.topology.affiliates;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.coursestream.schemas.affiliates.AffiliateProfile;
import io.coursestream.schemas.affiliates.AttributionState;
import io.coursestream.schemas.affiliates.AttributionTouch;
import io.coursestream.schemas.affiliates.ConversionCandidate;
import io.coursestream.schemas.affiliates.FraudFingerprint;
import io.coursestream.schemas.affiliates.ReferralClicked;
import io.coursestream.schemas.affiliates.ReferralCodeResolved;
import io.coursestream.schemas.affiliates.ReferralCompleted;
import io.coursestream.schemas.affiliates.SponsorFixed;
import io.coursestream.schemas.affiliates.TouchKind;
import io.coursestream.schemas.payments.PaymentSucceeded;
import io.coursestream.schemas.points.UserLevelChanged;
import io.coursestream.schemas.users.PayoutAccountLinked;
import io.coursestream.schemas.users.UserRegistered;

/**
 * The attribution of one task's users (keyed by user id, state {@value AffiliateTopology#ATTRIBUTION_STORE}): folds
 * their referral touches ({@link AttributionFold}), fixes their sponsor at the first sign-up signal, and credits
 * their succeeded payments.
 *
 * <p>Output, as records of several types: a {@link ConversionCandidate} per credited payment (keyed by transaction
 * id); the user's {@link FraudFingerprint} when their registration is first seen or changes (keyed by user id); the
 * user's {@link AffiliateProfile} when their sponsor is fixed or their level changes (keyed by user id); and, keyed by
 * the affiliate they concern, each new {@link ReferralClicked} (a click), the {@link SponsorFixed} (a signup) and each
 * {@link PayoutAccountLinked} (the user as an affiliate).
 */
final class AttributionProcessor implements Processor<String, SpecificRecord, String, SpecificRecord> {

    private static final Logger LOG = LoggerFactory.getLogger(AttributionProcessor.class);

    private final AffiliateSettings settings;
    private ProcessorContext<String, SpecificRecord> context;
    private KeyValueStore<String, AttributionState> states;

    AttributionProcessor(AffiliateSettings settings) {
        this.settings = settings;
    }

    @Override
    public void init(ProcessorContext<String, SpecificRecord> context) {
        this.context = context;
        this.states = context.getStateStore(AffiliateTopology.ATTRIBUTION_STORE);
    }

    @Override
    public void process(Record<String, SpecificRecord> record) {
        SpecificRecord event = record.value();
        String userId = userOf(event);
        if (userId == null) {
            return;
        }
        if (!userId.equals(record.key())) {
            LOG.warn("Ignoring {} for user {} keyed by {}: not in the user's task", event.getSchema().getName(), userId,
                    record.key());
            return;
        }
        if (event instanceof ReferralClicked clicked) {
            click(clicked);
        } else if (event instanceof ReferralCompleted completed) {
            signUp(userId, touch(TouchKind.REFERRAL_COMPLETED, completed.getMetadata().getEventId().toString(),
                    completed.getAffiliateId(), completed.getReferralCode(), completed.getMetadata().getOccurredAt(),
                    null, null));
        } else if (event instanceof ReferralCodeResolved resolved) {
            signUp(userId, touch(TouchKind.REGISTRATION_CODE, resolved.getEventId(), resolved.getAffiliateId(),
                    resolved.getReferralCode(), resolved.getRegisteredAt(), null, null));
        } else if (event instanceof UserRegistered registered) {
            register(registered);
        } else if (event instanceof UserLevelChanged changed) {
            level(changed);
        } else if (event instanceof PayoutAccountLinked linked) {
            forward(userId, linked, linked.getMetadata().getOccurredAt());
        } else if (event instanceof PaymentSucceeded payment) {
            credit(payment);
        }
    }

    private void click(ReferralClicked clicked) {
        String userId = clicked.getReferredUserId();
        AttributionState state = stateOf(userId, clicked.getMetadata().getOccurredAt());
        if (AttributionFold.knows(state, clicked.getClickId())) {
            return; // the same click again: counted once
        }
        states.put(userId, AttributionFold.withTouch(state, touch(TouchKind.CLICK, clicked.getClickId(),
                clicked.getAffiliateId(), clicked.getReferralCode(), clicked.getMetadata().getOccurredAt(),
                clicked.getIpAddress(), clicked.getDeviceId()), settings));
        forward(clicked.getAffiliateId(), clicked, clicked.getMetadata().getOccurredAt());
    }

    /** A sign-up signal: a touch, and the sponsor if none is fixed yet. */
    private void signUp(String userId, AttributionTouch touch) {
        AttributionState state = stateOf(userId, touch.getAt());
        if (AttributionFold.knows(state, touch.getTouchId())) {
            return;
        }
        AttributionState next = AttributionFold.withTouch(state, touch, settings);
        if (next.getSponsorId() == null) {
            Optional<AttributionTouch> sponsor = AttributionFold.credited(next.getTouches(), userId, touch.getAt(),
                    settings);
            if (sponsor.isPresent()) {
                AttributionTouch winner = sponsor.get();
                next = AttributionState.newBuilder(next).setSponsorId(winner.getAffiliateId())
                        .setSponsorFixedAt(touch.getAt()).build();
                forward(winner.getAffiliateId(), SponsorFixed.newBuilder()
                        .setUserId(userId)
                        .setSponsorId(winner.getAffiliateId())
                        .setKind(winner.getKind())
                        .setReferralCode(winner.getReferralCode())
                        .setFixedAt(touch.getAt())
                        .setSourceEventId(touch.getTouchId())
                        .build(), touch.getAt());
                forwardProfile(next, touch.getAt());
            }
        }
        states.put(userId, next);
    }

    private void register(UserRegistered registered) {
        String userId = registered.getUserId();
        Instant at = registered.getMetadata().getOccurredAt();
        FraudFingerprint fingerprint = FraudFingerprint.newBuilder()
                .setUserId(userId)
                .setEmailHash(FraudScorer.emailHash(registered.getEmail()))
                .setIpAddress(registered.getIpAddress())
                .setDeviceId(registered.getDeviceId())
                .setRegisteredAt(at)
                .build();
        AttributionState state = stateOf(userId, at);
        if (fingerprint.equals(state.getFingerprint())) {
            return;
        }
        states.put(userId, AttributionState.newBuilder(state).setFingerprint(fingerprint)
                .setUpdatedAt(AttributionFold.later(state.getUpdatedAt(), at)).build());
        forward(userId, fingerprint, at);
    }

    private void level(UserLevelChanged changed) {
        Instant at = changed.getMetadata().getOccurredAt();
        AttributionState state = stateOf(changed.getUserId(), at);
        if (Objects.equals(state.getLevel(), changed.getNewLevel())) {
            return;
        }
        AttributionState next = AttributionState.newBuilder(state).setLevel(changed.getNewLevel())
                .setUpdatedAt(AttributionFold.later(state.getUpdatedAt(), at)).build();
        states.put(changed.getUserId(), next);
        forwardProfile(next, at);
    }

    private void credit(PaymentSucceeded payment) {
        String userId = payment.getUserId();
        AttributionState state = states.get(userId);
        if (state == null) {
            return;
        }
        Instant paidAt = payment.getSucceededAt();
        Optional<AttributionTouch> credited = AttributionFold.credited(state.getTouches(), userId, paidAt, settings);
        if (credited.isEmpty()) {
            return;
        }
        if (payment.getAmount().getAmountMinor() < 0) {
            LOG.warn("Not crediting payment {} of transaction {}: negative amount", payment.getMetadata().getEventId(),
                    payment.getTransactionId());
            return;
        }
        AttributionTouch touch = credited.get();
        forward(payment.getTransactionId(), ConversionCandidate.newBuilder()
                .setConversionId(AffiliateIds.conversionId(payment.getTransactionId()))
                .setTransactionId(payment.getTransactionId())
                .setPaymentEventId(payment.getMetadata().getEventId().toString())
                .setReferredUserId(userId)
                .setCourseId(payment.getCourseId())
                .setRevenue(payment.getAmount())
                .setPaidAt(paidAt)
                .setCorrelationId(payment.getMetadata().getCorrelationId())
                .setAffiliateId(touch.getAffiliateId())
                .setReferralCode(touch.getReferralCode())
                .setReferredAt(touch.getAt())
                .setAttribution(settings.attribution().model())
                .setBuyer(state.getFingerprint())
                .setCheckoutEmailHash(payment.getBuyer() == null ? null
                        : FraudScorer.emailHash(payment.getBuyer().getEmail()))
                .setTouchIpAddress(touch.getIpAddress())
                .setTouchDeviceId(touch.getDeviceId())
                .setDuplicate(false)
                .build(), paidAt);
    }

    private AttributionState stateOf(String userId, Instant at) {
        AttributionState state = states.get(userId);
        return state != null ? state : AttributionFold.empty(userId, at);
    }

    private void forwardProfile(AttributionState state, Instant at) {
        forward(state.getUserId(), AffiliateProfile.newBuilder()
                .setAffiliateId(state.getUserId())
                .setSponsorId(state.getSponsorId())
                .setLevel(state.getLevel())
                .setUpdatedAt(at)
                .build(), at);
    }

    private void forward(String key, SpecificRecord value, Instant at) {
        context.forward(new Record<>(key, value, at.toEpochMilli()));
    }

    private static AttributionTouch touch(TouchKind kind, String touchId, String affiliateId, String referralCode,
            Instant at, String ipAddress, String deviceId) {
        return AttributionTouch.newBuilder()
                .setTouchId(touchId)
                .setKind(kind)
                .setAffiliateId(affiliateId)
                .setReferralCode(referralCode)
                .setAt(at)
                .setIpAddress(ipAddress)
                .setDeviceId(deviceId)
                .build();
    }

    /** The user an event is about; null for events the attribution ignores. */
    private static String userOf(SpecificRecord event) {
        if (event instanceof ReferralClicked clicked) {
            return clicked.getReferredUserId();
        }
        if (event instanceof ReferralCompleted completed) {
            return completed.getReferredUserId();
        }
        if (event instanceof ReferralCodeResolved resolved) {
            return resolved.getReferredUserId();
        }
        if (event instanceof UserRegistered registered) {
            return registered.getUserId();
        }
        if (event instanceof UserLevelChanged changed) {
            return changed.getUserId();
        }
        if (event instanceof PayoutAccountLinked linked) {
            return linked.getUserId();
        }
        if (event instanceof PaymentSucceeded payment) {
            return payment.getUserId();
        }
        return null;
    }
}
