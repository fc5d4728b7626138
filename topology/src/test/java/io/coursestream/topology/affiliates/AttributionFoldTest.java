// Tier: unit (pure rules, no Kafka).
package io.coursestream.topology.affiliates;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import io.coursestream.schemas.affiliates.AttributionModel;
import io.coursestream.schemas.affiliates.AttributionState;
import io.coursestream.schemas.affiliates.AttributionTouch;
import io.coursestream.schemas.affiliates.TouchKind;

/** The attribution window, the two models, self-referral and the bounds on a user's touches. */
class AttributionFoldTest {

    private static final Instant T0 = Instant.parse("2026-03-02T10:00:00Z");
    private static final AffiliateSettings LAST = AffiliateSettings.DEFAULTS.withAttribution(
            AffiliateSettings.Attribution.DEFAULTS.withWindow(Duration.ofDays(10)).withMaxTouches(3));
    private static final AffiliateSettings FIRST = LAST.withAttribution(
            LAST.attribution().withModel(AttributionModel.FIRST_TOUCH));

    @Test
    void shouldKeepTouchesInTimeOrderAndIgnoreAKnownOne() {
        // given
        AttributionState state = AttributionFold.empty("user", T0);

        // when: arriving out of order, one twice
        state = AttributionFold.withTouch(state, touch("t2", "b", T0.plusSeconds(20)), LAST);
        state = AttributionFold.withTouch(state, touch("t1", "a", T0.plusSeconds(10)), LAST);
        AttributionState same = AttributionFold.withTouch(state, touch("t1", "a", T0.plusSeconds(10)), LAST);

        // then
        assertThat(state.getTouches()).extracting(AttributionTouch::getTouchId).containsExactly("t1", "t2");
        assertThat(same).isSameAs(state);
    }

    @Test
    void shouldDropExpiredTouchesAndKeepAtMostTheConfiguredNumber() {
        // given
        AttributionState state = AttributionFold.empty("user", T0);
        state = AttributionFold.withTouch(state, touch("old", "a", T0), LAST);
        state = AttributionFold.withTouch(state, touch("t1", "b", T0.plus(Duration.ofDays(9))), LAST);
        state = AttributionFold.withTouch(state, touch("t2", "c", T0.plus(Duration.ofDays(10))), LAST);
        assertThat(state.getTouches()).extracting(AttributionTouch::getTouchId).containsExactly("old", "t1", "t2");

        // when: a touch after old's window, then one more than the cap
        state = AttributionFold.withTouch(state, touch("t3", "d", T0.plus(Duration.ofDays(10)).plusMillis(1)), LAST);
        state = AttributionFold.withTouch(state, touch("t4", "e", T0.plus(Duration.ofDays(11))), LAST);

        // then
        assertThat(state.getTouches()).extracting(AttributionTouch::getTouchId).containsExactly("t2", "t3", "t4");
    }

    @Test
    void shouldCreditTheLatestOrTheEarliestTouchInsideTheWindow() {
        // given
        AttributionState state = AttributionFold.empty("user", T0);
        state = AttributionFold.withTouch(state, touch("t1", "a", T0), LAST);
        state = AttributionFold.withTouch(state, touch("t2", "b", T0.plus(Duration.ofDays(5))), LAST);
        state = AttributionFold.withTouch(state, touch("t3", "c", T0.plus(Duration.ofDays(5))), LAST);
        state = AttributionFold.withTouch(state, touch("later", "d", T0.plus(Duration.ofDays(14))), FIRST);

        // then: at day 12 a's window is over and d's touch has not happened; equal times go to the last seen (LAST)
        // or the first seen (FIRST)
        Instant at = T0.plus(Duration.ofDays(12));
        assertThat(AttributionFold.credited(state.getTouches(), "user", at, LAST)).get()
                .extracting(AttributionTouch::getAffiliateId).isEqualTo("c");
        assertThat(AttributionFold.credited(state.getTouches(), "user", at, FIRST)).get()
                .extracting(AttributionTouch::getAffiliateId).isEqualTo("b");
        assertThat(AttributionFold.credited(state.getTouches(), "user", T0.minusMillis(1), LAST)).isEmpty();
    }

    @Test
    void shouldNeverCreditTheUserThemselves() {
        // given
        AttributionState state = AttributionFold.withTouch(AttributionFold.empty("user", T0),
                touch("own", "user", T0), LAST);

        // then
        assertThat(AttributionFold.credited(state.getTouches(), "user", T0.plusSeconds(1), LAST)).isEmpty();
    }

    private static AttributionTouch touch(String id, String affiliateId, Instant at) {
        return new AttributionTouch(id, TouchKind.CLICK, affiliateId, "CODE-" + affiliateId, at, null, null);
    }
}
