// Tier: unit (PayoutService's checks of the payload and its choice of provider, with a recording provider)
package io.coursestream.workers.payouts;

import static io.coursestream.workers.payouts.PayoutFixtures.payout;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.coursestream.schemas.common.Money;
import io.coursestream.schemas.jobs.ExecutePayout;
import io.coursestream.schemas.payments.PaymentProvider;
import io.coursestream.workers.FatalJobException;
import io.coursestream.workers.JobErrors;

class PayoutServiceTest {

    /** Pays by recording, answering tr_<n>. */
    private static final class RecordingProvider implements PayoutProvider {

        private final List<Payout> paid = new ArrayList<>();

        @Override
        public PaymentProvider provider() {
            return PaymentProvider.STRIPE;
        }

        @Override
        public String pay(Payout payout) {
            paid.add(payout);
            return "tr_" + paid.size();
        }
    }

    private final RecordingProvider stripe = new RecordingProvider();
    private final PayoutService service = new PayoutService(List.of(stripe));

    @Test
    void shouldPayAValidPayoutThroughItsProviderAndReturnTheReference() {
        ExecutePayout payload = payout("acct_1").build();

        PayoutResult result = service.pay(payload);

        assertThat(result).isEqualTo(new PayoutResult(PaymentProvider.STRIPE, "tr_1"));
        assertThat(stripe.paid).containsExactly(new Payout(payload.getPayoutId(), payload.getAffiliateId(), 12_550L,
                "EUR", "acct_1", payload.getIdempotencyKey(), payload.getDescription(), 3));
    }

    @Test
    void shouldReportTheTransferAsTheJobsProviderReference() {
        ExecutePayout payload = payout("acct_1").build();

        assertThat(ExecutePayoutHandler.outputs(payload, new PayoutResult(PaymentProvider.STRIPE, "tr_9")))
                .containsExactly(Map.entry("payoutId", payload.getPayoutId()),
                        Map.entry("provider", "STRIPE"), Map.entry("providerReference", "tr_9"));
    }

    @Test
    void shouldRefuseAPayoutWithoutDestinationAccountFatallyAndPayNothing() {
        ExecutePayout payload = payout(null).build();

        assertThatThrownBy(() -> service.pay(payload))
                .isInstanceOf(FatalJobException.class)
                .hasMessage("payout " + payload.getPayoutId() + " of affiliate " + payload.getAffiliateId()
                        + " has no destination account: the affiliate has not linked a STRIPE payout account");
        assertThatThrownBy(() -> service.pay(payout("  ").build())).isInstanceOf(FatalJobException.class);
        assertThat(stripe.paid).isEmpty();
    }

    @Test
    void shouldRefuseZeroAndNegativeAmountsFatally() {
        for (long amount : new long[] {0, -100}) {
            ExecutePayout payload = payout("acct_1").setAmount(new Money(amount, "EUR")).build();

            assertThatThrownBy(() -> service.pay(payload))
                    .isInstanceOf(FatalJobException.class)
                    .hasMessageContaining("has a non-positive amount " + amount + " EUR");
        }
        assertThat(stripe.paid).isEmpty();
    }

    @Test
    void shouldRefuseAnUnknownOrLowerCaseCurrencyFatally() {
        for (String currency : new String[] {"XYZ", "eur", "EURO", ""}) {
            ExecutePayout payload = payout("acct_1").setAmount(new Money(100L, currency)).build();

            assertThatThrownBy(() -> service.pay(payload))
                    .isInstanceOf(FatalJobException.class)
                    .hasMessageContaining("which is not an ISO 4217 currency code");
        }
        assertThat(stripe.paid).isEmpty();
    }

    @Test
    void shouldRefuseAPayoutWithoutIdempotencyKeyFatally() {
        assertThatThrownBy(() -> service.pay(payout("acct_1").setIdempotencyKey(" ").build()))
                .isInstanceOf(FatalJobException.class)
                .hasMessageContaining("has no idempotency key: without one a retry could pay twice");
        assertThat(stripe.paid).isEmpty();
    }

    @Test
    void shouldRefuseAProviderWithoutPayoutsFatally() {
        for (PaymentProvider provider : new PaymentProvider[] {PaymentProvider.BINANCE_PAY, PaymentProvider.UNKNOWN}) {
            ExecutePayout payload = payout("acct_1").setProvider(provider).build();

            assertThatThrownBy(() -> service.pay(payload))
                    .isInstanceOf(FatalJobException.class)
                    .hasMessage("payout " + payload.getPayoutId() + " names an unsupported provider " + provider
                            + "; payouts are executed by [STRIPE]")
                    .satisfies(error -> assertThat(JobErrors.isRetriable(error)).isFalse());
        }
        assertThat(stripe.paid).isEmpty();
    }

    @Test
    void shouldRefuseTwoProvidersForOneProviderAtStart() {
        assertThatThrownBy(() -> new PayoutService(List.of(new RecordingProvider(), new RecordingProvider())))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("two payout providers for STRIPE");
    }
}
