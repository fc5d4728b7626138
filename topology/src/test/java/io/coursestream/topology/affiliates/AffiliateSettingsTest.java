// Tier: unit (configuration, no Kafka).
package io.coursestream.topology.affiliates;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;

import io.coursestream.schemas.affiliates.AttributionModel;
import io.coursestream.topology.affiliates.AffiliateSettings.Attribution;
import io.coursestream.topology.affiliates.AffiliateSettings.Commissions;
import io.coursestream.topology.affiliates.AffiliateSettings.Fraud;

/** The defaults, the level bonus lookup and what each part of the settings refuses. */
class AffiliateSettingsTest {

    private static final AffiliateSettings DEFAULTS = AffiliateSettings.DEFAULTS;

    @Test
    void shouldDefaultToTheProgramsRules() {
        assertThat(DEFAULTS.attribution().window()).isEqualTo(Duration.ofDays(60));
        assertThat(DEFAULTS.attribution().model()).isEqualTo(AttributionModel.LAST_TOUCH);
        assertThat(DEFAULTS.attribution().maxTouches()).isEqualTo(20);
        assertThat(DEFAULTS.commissions().tierRatesBasisPoints()).containsExactly(2000, 500, 200);
        assertThat(DEFAULTS.commissions().tiers()).isEqualTo(3);
        assertThat(DEFAULTS.commissions().holdPeriod()).isEqualTo(Duration.ofDays(30));
        assertThat(DEFAULTS.fraud()).isEqualTo(new Fraud(50, 100, 100, 30, 60, 50, 100, 3, Duration.ofHours(24)));
        assertThat(DEFAULTS.payouts().minActiveCustomers()).isEqualTo(3);
        assertThat(DEFAULTS.payouts().threshold()).isEqualByComparingTo("50");
        assertThat(DEFAULTS.payouts().interval()).isEqualTo(Duration.ofDays(1));
        assertThat(DEFAULTS.dailySeriesDays()).isEqualTo(90);
        assertThat(DEFAULTS.partitions()).isEqualTo(6);
    }

    @Test
    void shouldGiveTheBonusOfTheHighestLevelReached() {
        Commissions commissions = DEFAULTS.commissions();
        assertThat(commissions.levelBonusFor(null)).isZero();
        assertThat(commissions.levelBonusFor(4)).isZero();
        assertThat(commissions.levelBonusFor(5)).isEqualTo(100);
        assertThat(commissions.levelBonusFor(9)).isEqualTo(100);
        assertThat(commissions.levelBonusFor(10)).isEqualTo(250);
        assertThat(commissions.levelBonusFor(50)).isEqualTo(250);
    }

    @Test
    void shouldCopyWithOneValueChanged() {
        AffiliateSettings changed = DEFAULTS
                .withCommissions(DEFAULTS.commissions().withHoldPeriod(Duration.ofDays(14)))
                .withPartitions(1);
        assertThat(changed.commissions().holdPeriod()).isEqualTo(Duration.ofDays(14));
        assertThat(changed.commissions().tierRatesBasisPoints()).containsExactly(2000, 500, 200);
        assertThat(changed.partitions()).isEqualTo(1);
        assertThat(changed.withCommissions(Commissions.DEFAULTS).withPartitions(6)).isEqualTo(DEFAULTS);
        assertThat(Fraud.DEFAULTS.withWeights(1, 2, 3, 4, 5, 6).withThreshold(7).withVelocity(8, Duration.ofHours(9)))
                .isEqualTo(new Fraud(7, 1, 2, 3, 4, 5, 6, 8, Duration.ofHours(9)));
    }

    @Test
    void shouldRefuseAnAttributionThatCannotWork() {
        assertThatThrownBy(() -> Attribution.DEFAULTS.withModel(AttributionModel.UNKNOWN))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Attribution.DEFAULTS.withWindow(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("attributionWindow");
        assertThatThrownBy(() -> Attribution.DEFAULTS.withMaxTouches(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldRefuseCommissionsThatCannotWork() {
        assertThatThrownBy(() -> Commissions.DEFAULTS.withTierRatesBasisPoints(List.of()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Commissions.DEFAULTS.withTierRatesBasisPoints(List.of(9000, 1000)))
                .as("over 100% with the bonus").isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("exceed 100%");
        assertThatThrownBy(() -> Commissions.DEFAULTS.withTierRatesBasisPoints(List.of(-1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Commissions.DEFAULTS.withLevelBonusBasisPoints(new TreeMap<>(Map.of(0, 10))))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Commissions.DEFAULTS.withHoldPeriod(Duration.ofDays(-1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(Commissions.DEFAULTS.withHoldPeriod(Duration.ZERO).holdPeriod()).isZero();
    }

    @Test
    void shouldRefuseAFraudScoreThatCannotWork() {
        assertThatThrownBy(() -> Fraud.DEFAULTS.withThreshold(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Fraud.DEFAULTS.withThreshold(101)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Fraud.DEFAULTS.withWeights(101, 0, 0, 0, 0, 0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Fraud.DEFAULTS.withWeights(0, 0, 0, 0, 0, -1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Fraud.DEFAULTS.withVelocity(0, Duration.ofHours(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Fraud.DEFAULTS.withVelocity(1, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("velocityWindow");
    }

    @Test
    void shouldRefusePayoutsThatCannotWork() {
        AffiliateSettings.Payouts payouts = AffiliateSettings.Payouts.DEFAULTS;
        assertThatThrownBy(() -> payouts.withThreshold(BigDecimal.ZERO)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> payouts.withMinActiveCustomers(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThat(payouts.withMinActiveCustomers(0).minActiveCustomers()).isZero();
        assertThatThrownBy(() -> payouts.withInterval(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("payoutInterval");
    }

    @Test
    void shouldRefuseSettingsThatCannotWork() {
        assertThatThrownBy(() -> DEFAULTS.withPartitions(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DEFAULTS.withDailySeriesDays(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DEFAULTS.withFraud(null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void shouldBuildANestedDefaultBeforeTheSettingsThemselves() throws Exception {
        // given a class loader where none of the settings' classes is initialised yet
        ClassLoader fresh = new FreshSettingsLoader(getClass().getClassLoader());

        // when a nested default is read first (as a configuration mapping may)
        Object attribution = Class.forName(Attribution.class.getName(), true, fresh).getField("DEFAULTS").get(null);
        Object settings = Class.forName(AffiliateSettings.class.getName(), true, fresh).getField("DEFAULTS").get(null);

        // then both are built, the settings with that very default
        assertThat(attribution).isNotNull();
        assertThat(settings.getClass().getMethod("attribution").invoke(settings)).isSameAs(attribution);
    }

    /** Loads AffiliateSettings and its nested classes anew, everything else from the parent. */
    private static final class FreshSettingsLoader extends ClassLoader {

        FreshSettingsLoader(ClassLoader parent) {
            super(parent);
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            if (!name.startsWith(AffiliateSettings.class.getName())) {
                return super.loadClass(name, resolve);
            }
            synchronized (getClassLoadingLock(name)) {
                Class<?> loaded = findLoadedClass(name);
                if (loaded != null) {
                    return loaded;
                }
                try (InputStream in = getParent().getResourceAsStream(name.replace('.', '/') + ".class")) {
                    if (in == null) {
                        throw new ClassNotFoundException(name);
                    }
                    byte[] bytes = in.readAllBytes();
                    return defineClass(name, bytes, 0, bytes.length);
                } catch (IOException e) {
                    throw new ClassNotFoundException(name, e);
                }
            }
        }
    }
}
