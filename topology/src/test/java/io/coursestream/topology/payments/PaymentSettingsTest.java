// Tier: unit test of the payment topology's settings (no Kafka).
package io.coursestream.topology.payments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import io.coursestream.schemas.admin.AlertSeverity;

class PaymentSettingsTest {

    @Test
    void shouldDefaultToADayOfWaitingTwentyWebhooksFiftyRefusedStepsAndWarningDeclines() {
        assertThat(PaymentSettings.DEFAULTS.pendingWebhooks().maxWait()).isEqualTo(Duration.ofHours(24));
        assertThat(PaymentSettings.DEFAULTS.pendingWebhooks().maxPerTransaction()).isEqualTo(20);
        assertThat(PaymentSettings.DEFAULTS.audit().maxUnappliedSteps()).isEqualTo(50);
        assertThat(PaymentSettings.DEFAULTS.failureNotices().buyerTemplate()).isEqualTo("payment-failed");
        assertThat(PaymentSettings.DEFAULTS.failureNotices().declineSeverity()).isEqualTo(AlertSeverity.WARNING);
    }

    @Test
    void shouldRefuseSettingsThatCannotWork() {
        var pending = PaymentSettings.PendingWebhooks.DEFAULTS;
        assertThatThrownBy(() -> pending.withMaxWait(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("pendingWebhookMaxWait");
        assertThatThrownBy(() -> pending.withMaxPerTransaction(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> pending.withScanInterval(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PaymentSettings.Audit(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PaymentSettings.FailureNotices.DEFAULTS.withBuyerTemplate(" "))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PaymentSettings.FailureNotices.DEFAULTS.withDeclineSeverity(AlertSeverity.UNKNOWN))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PaymentSettings(null, PaymentSettings.Audit.DEFAULTS,
                PaymentSettings.FailureNotices.DEFAULTS)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void shouldReplaceOneGroupAtATime() {
        var settings = PaymentSettings.DEFAULTS.withAudit(new PaymentSettings.Audit(3));

        assertThat(settings.audit().maxUnappliedSteps()).isEqualTo(3);
        assertThat(settings.pendingWebhooks()).isEqualTo(PaymentSettings.DEFAULTS.pendingWebhooks());
    }
}
