package io.coursestream.topology.affiliates;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import io.coursestream.schemas.affiliates.AttributionModel;
import io.coursestream.schemas.affiliates.AttributionState;
import io.coursestream.schemas.affiliates.AttributionTouch;

/**
 * The attribution rules over one referred user's touches, without Kafka.
 *
 * <ul>
 *   <li>A touch credits its affiliate from its time {@code at} until {@code at + attributionWindow} (event time,
 *       both ends included).</li>
 *   <li>Among the touches crediting at an instant (a payment, a sign-up), FIRST_TOUCH picks the earliest, LAST_TOUCH
 *       the latest; equal times go to the one seen first (FIRST_TOUCH) or last (LAST_TOUCH).</li>
 *   <li>A touch naming the user themselves never credits: a user never attributes to themselves.</li>
 *   <li>State is bounded: touches are kept in time order, dropped once their window has passed the latest event time
 *       seen for the user, and at most {@code maxTouches} are kept (the oldest go first).</li>
 *   <li>A touch id seen again (a redelivered click, a replayed sign-up) changes nothing.</li>
 * </ul>
 */
final class AttributionFold {

    private AttributionFold() {
    }

    static AttributionState empty(String userId, Instant at) {
        return AttributionState.newBuilder()
                .setUserId(userId)
                .setTouches(List.of())
                .setSponsorId(null)
                .setSponsorFixedAt(null)
                .setLevel(null)
                .setFingerprint(null)
                .setUpdatedAt(at)
                .build();
    }

    static boolean knows(AttributionState state, String touchId) {
        return state.getTouches().stream().anyMatch(touch -> touch.getTouchId().equals(touchId));
    }

    /**
     * The state with {@code touch} added in time order, then expired and capped; {@code state} itself if the touch
     * is known already.
     */
    static AttributionState withTouch(AttributionState state, AttributionTouch touch, AffiliateSettings settings) {
        if (knows(state, touch.getTouchId())) {
            return state;
        }
        List<AttributionTouch> touches = new ArrayList<>(state.getTouches());
        int at = touches.size();
        while (at > 0 && touches.get(at - 1).getAt().isAfter(touch.getAt())) {
            at--;
        }
        touches.add(at, touch);
        Instant latest = later(state.getUpdatedAt(), touch.getAt());
        return bounded(AttributionState.newBuilder(state).setTouches(touches).setUpdatedAt(latest).build(), settings);
    }

    /** The state without touches whose window ended before {@code now}, and at most {@code maxTouches} of them. */
    static AttributionState bounded(AttributionState state, AffiliateSettings settings) {
        Instant now = state.getUpdatedAt();
        List<AttributionTouch> kept = new ArrayList<>();
        for (AttributionTouch touch : state.getTouches()) {
            if (!touch.getAt().plus(settings.attribution().window()).isBefore(now)) {
                kept.add(touch);
            }
        }
        if (kept.size() > settings.attribution().maxTouches()) {
            kept = new ArrayList<>(kept.subList(kept.size() - settings.attribution().maxTouches(), kept.size()));
        }
        if (kept.size() == state.getTouches().size()) {
            return state;
        }
        return AttributionState.newBuilder(state).setTouches(kept).build();
    }

    /**
     * The touch the model credits at {@code at}: among the touches of others in their window at {@code at}, the
     * earliest or the latest; empty if there is none.
     */
    static Optional<AttributionTouch> credited(List<AttributionTouch> touches, String userId, Instant at,
            AffiliateSettings settings) {
        List<AttributionTouch> crediting = touches.stream()
                .filter(touch -> !touch.getAffiliateId().equals(userId))
                .filter(touch -> !touch.getAt().isAfter(at))
                .filter(touch -> !touch.getAt().plus(settings.attribution().window()).isBefore(at))
                .toList();
        if (crediting.isEmpty()) {
            return Optional.empty();
        }
        Comparator<AttributionTouch> byTime = Comparator.comparing(AttributionTouch::getAt);
        // The list is in time order, equal times in arrival order: min keeps the first, max the last of equals.
        return settings.attribution().model() == AttributionModel.FIRST_TOUCH
                ? crediting.stream().min(byTime)
                : crediting.stream().reduce((earlier, later) -> byTime.compare(later, earlier) >= 0 ? later : earlier);
    }

    static Instant later(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }
}
