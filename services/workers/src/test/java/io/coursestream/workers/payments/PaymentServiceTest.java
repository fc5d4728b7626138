// Tier: unit (PaymentService's checks of the payload, its choice of provider service and the results it publishes,
// with recording providers and a recording publisher)
package io.coursestream.workers.payments;

import static io.coursestream.workers.payments.PaymentFixtures.command;
import static io.coursestream.workers.payments.PaymentFixtures.payment;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.coursestream.schemas.common.Money;
import io.coursestream.schemas.jobs.JobCommand;
import io.coursestream.schemas.jobs.ProcessPayment;
import io.coursestream.schemas.payments.PaymentProvider;
import io.coursestream.schemas.payments.PaymentStatus;
import io.coursestream.schemas.payments.ProviderPaymentResult;
import io.coursestream.workers.FatalJobException;
import io.coursestream.workers.JobErrors;
import io.coursestream.workers.ProviderUnavailableException;

class PaymentServiceTest {

    private static final Instant NOW = Instant.parse("2026-03-02T10:15:30Z");

    /** Answers what it is told to, recording what it charged. */
    private static final class RecordingProvider implements PaymentProviderService {

        private final PaymentProvider provider;
        private final List<Payment> charged = new ArrayList<>();
        private RuntimeException failure;
        private ProviderAnswer answer = ProviderAnswer.succeeded("pi_1");

        RecordingProvider(PaymentProvider provider) {
            this.provider = provider;
        }

        @Override
        public PaymentProvider provider() {
            return provider;
        }

        @Override
        public ProviderAnswer charge(Payment payment) {
            charged.add(payment);
            if (failure != null) {
                throw failure;
            }
            return answer;
        }
    }

    private final RecordingProvider stripe = new RecordingProvider(PaymentProvider.STRIPE);
    private final RecordingProvider binance = new RecordingProvider(PaymentProvider.BINANCE_PAY);
    private final List<ProviderPaymentResult> published = new ArrayList<>();
    private final PaymentService service = new PaymentService(List.of(stripe, binance), published::add,
            Clock.fixed(NOW, ZoneOffset.UTC), PaymentFixtures.DEFAULT_RETURN_URL);

    @Test
    void shouldChargeThroughTheNamedProviderAndPublishItsAnswerKeyedByTheTransaction() {
        // given a STRIPE payment on its second attempt
        ProcessPayment payload = payment(PaymentProvider.STRIPE, "pm_card_visa").build();
        JobCommand command = command(payload, 2);

        // when it is processed
        ProviderPaymentResult result = service.process(payload, command);

        // then Stripe charged it, as the payload says
        assertThat(binance.charged).isEmpty();
        assertThat(stripe.charged).containsExactly(new Payment(payload.getTransactionId(), payload.getUserId(),
                payload.getCourseId(), 12_550L, "EUR", "Kafka Streams in Practice", payload.getIdempotencyKey(),
                "pm_card_visa", payload.getReturnUrl(), "ada@example.com"));

        // and its answer was published once, in the job's flow, caused by the job
        assertThat(published).containsExactly(result);
        assertThat(result.getTransactionId()).isEqualTo(payload.getTransactionId());
        assertThat(result.getUserId()).isEqualTo(payload.getUserId());
        assertThat(result.getProvider()).isEqualTo(PaymentProvider.STRIPE);
        assertThat(result.getProviderReference()).isEqualTo("pi_1");
        assertThat(result.getStatus()).isEqualTo(PaymentStatus.SUCCEEDED);
        assertThat(result.getAmount()).isEqualTo(new Money(12_550L, "EUR"));
        assertThat(result.getAttempt()).isEqualTo(2);
        assertThat(result.getNextActionUrl()).isNull();
        assertThat(result.getFailureCode()).isNull();
        assertThat(result.getMetadata().getCorrelationId()).isEqualTo(command.getCorrelationId());
        assertThat(result.getMetadata().getCausationId()).isEqualTo(command.getJobId());
        assertThat(result.getMetadata().getOccurredAt()).isEqualTo(NOW);
        assertThat(result.getMetadata().getProducer()).isEqualTo("workers");

        // and the job reports the provider's reference
        assertThat(ProcessPaymentHandler.outputs(result)).containsExactly(
                Map.entry("transactionId", payload.getTransactionId()), Map.entry("provider", "STRIPE"),
                Map.entry("status", "SUCCEEDED"), Map.entry("providerReference", "pi_1"));
    }

    @Test
    void shouldPublishADeclineAsAFailedAnswerAndReturnNormally() {
        stripe.answer = ProviderAnswer.failed("pi_2", "card_declined", "Your card was declined.");
        ProcessPayment payload = payment(PaymentProvider.STRIPE, "pm_card_chargeDeclined").build();

        ProviderPaymentResult result = service.process(payload, command(payload, 1));

        assertThat(published).containsExactly(result);
        assertThat(result.getStatus()).isEqualTo(PaymentStatus.FAILED);
        assertThat(result.getFailureCode()).isEqualTo("card_declined");
        assertThat(result.getFailureMessage()).isEqualTo("Your card was declined.");
        assertThat(result.getProviderReference()).isEqualTo("pi_2");
    }

    @Test
    void shouldPublishTheNextActionOfABinanceOrder() {
        binance.answer = ProviderAnswer.requiresAction("2938", "https://pay.binance.com/en/checkout/abc");
        ProcessPayment payload = payment(PaymentProvider.BINANCE_PAY, null).build();

        ProviderPaymentResult result = service.process(payload, command(payload, 1));

        assertThat(stripe.charged).isEmpty();
        assertThat(result.getProvider()).isEqualTo(PaymentProvider.BINANCE_PAY);
        assertThat(result.getStatus()).isEqualTo(PaymentStatus.REQUIRES_ACTION);
        assertThat(result.getNextActionUrl()).isEqualTo("https://pay.binance.com/en/checkout/abc");
    }

    @Test
    void shouldPublishNothingWhenTheProviderGaveNoAnswer() {
        stripe.failure = new ProviderUnavailableException(PaymentProvider.STRIPE, null, 503, "Stripe answered 503",
                null);
        ProcessPayment payload = payment(PaymentProvider.STRIPE, "pm_card_visa").build();

        assertThatThrownBy(() -> service.process(payload, command(payload, 1)))
                .isSameAs(stripe.failure)
                .satisfies(error -> assertThat(JobErrors.isRetriable(error)).isTrue());
        assertThat(published).isEmpty();
    }

    @Test
    void shouldUseTheConfiguredReturnUrlWhenTheJobNamesNone() {
        ProcessPayment payload = payment(PaymentProvider.STRIPE, "pm_card_visa").setReturnUrl(null).build();

        service.process(payload, command(payload, 1));

        assertThat(stripe.charged.get(0).returnUrl()).isEqualTo(PaymentFixtures.DEFAULT_RETURN_URL.toString());
    }

    @Test
    void shouldRefuseInvalidPayloadsFatallyAndChargeNothing() {
        assertFatal(payment(PaymentProvider.STRIPE, "pm_card_visa").setAmount(new Money(0L, "EUR")).build(),
                "has a non-positive amount 0 EUR");
        assertFatal(payment(PaymentProvider.STRIPE, "pm_card_visa").setAmount(new Money(-100L, "EUR")).build(),
                "has a non-positive amount -100 EUR");
        for (String currency : new String[] {"XYZ", "eur", "EURO", "", "USDT"}) {
            assertFatal(payment(PaymentProvider.STRIPE, "pm_card_visa").setAmount(new Money(100L, currency)).build(),
                    "which is not an ISO 4217 currency code");
        }
        assertFatal(payment(PaymentProvider.UNKNOWN, "pm_card_visa").build(), "names no known provider (UNKNOWN)");
        assertFatal(payment(PaymentProvider.STRIPE, "pm_card_visa").setIdempotencyKey(" ").build(),
                "has no idempotency key");
        assertFatal(payment(PaymentProvider.STRIPE, null).build(), "has no payment method reference");
        assertFatal(payment(PaymentProvider.STRIPE, "pm_card_visa").setReturnUrl("javascript:alert(1)").build(),
                "has a return URL that is not an absolute http(s) URL");
        assertThat(stripe.charged).isEmpty();
        assertThat(published).isEmpty();
    }

    @Test
    void shouldRefuseAProviderWithoutAServiceFatally() {
        PaymentService stripeOnly = new PaymentService(List.of(stripe), published::add, Clock.systemUTC(),
                PaymentFixtures.DEFAULT_RETURN_URL);
        ProcessPayment payload = payment(PaymentProvider.BINANCE_PAY, null).build();

        assertThatThrownBy(() -> stripeOnly.process(payload, command(payload, 1)))
                .isInstanceOf(FatalJobException.class)
                .hasMessage("payment " + payload.getTransactionId() + " names an unsupported provider BINANCE_PAY;"
                        + " payments are charged through [STRIPE]");
    }

    @Test
    void shouldRefuseTwoServicesForOneProviderAtStart() {
        assertThatThrownBy(() -> new PaymentService(List.of(stripe, new RecordingProvider(PaymentProvider.STRIPE)),
                published::add, Clock.systemUTC(), PaymentFixtures.DEFAULT_RETURN_URL))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("two payment services for STRIPE");
    }

    private void assertFatal(ProcessPayment payload, String message) {
        assertThatThrownBy(() -> service.process(payload, command(payload, 1)))
                .isInstanceOf(FatalJobException.class)
                .hasMessageContaining(message)
                .satisfies(error -> assertThat(JobErrors.isRetriable(error)).isFalse());
    }
}
