// Tier: unit (StripeService with Stripe's real Java SDK against the devstack's local Stripe API server on loopback,
// no Quarkus, no broker)
package io.coursestream.workers.payments;

import static io.coursestream.workers.payments.PaymentFixtures.payment;
import static io.coursestream.workers.payments.PaymentFixtures.validated;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.stripe.exception.ApiConnectionException;
import com.stripe.exception.ApiException;
import com.stripe.exception.AuthenticationException;
import com.stripe.exception.IdempotencyException;
import com.stripe.exception.RateLimitException;

import io.coursestream.devstack.stripe.RecordedRequest;
import io.coursestream.devstack.stripe.StripeApiServer;
import io.coursestream.devstack.stripe.StripePaymentIntent;
import io.coursestream.schemas.common.Money;
import io.coursestream.schemas.jobs.ProcessPayment;
import io.coursestream.schemas.payments.PaymentProvider;
import io.coursestream.schemas.payments.PaymentStatus;
import io.coursestream.workers.FatalJobException;
import io.coursestream.workers.JobErrors;
import io.coursestream.workers.ProviderUnavailableException;

class StripeServiceTest {

    private static final Duration READ_TIMEOUT = Duration.ofSeconds(2);

    private StripeApiServer stripe;
    private StripeService service;

    @BeforeEach
    void start() {
        stripe = new StripeApiServer().start();
        service = new StripeService(PaymentFixtures.StripeSettings.of(stripe.apiKey(), stripe.baseUrl(), READ_TIMEOUT));
    }

    @AfterEach
    void stop() {
        stripe.close();
    }

    @Test
    void shouldChargeAConfirmedPaymentIntentWithTheTransactionsKeyAndMetadata() {
        // given a payment of 125.50 EUR with a card that is charged
        Payment payment = validated(payment(PaymentProvider.STRIPE, StripeApiServer.SUCCEEDING_CARD).build());

        // when it is charged
        ProviderAnswer answer = service.charge(payment);

        // then it first searched the transaction's PaymentIntents, without a key, and found none
        List<RecordedRequest> requests = stripe.requests();
        assertThat(requests).extracting(RecordedRequest::method, RecordedRequest::path, RecordedRequest::status)
                .containsExactly(tuple("GET", "/v1/payment_intents/search", 200),
                        tuple("POST", "/v1/payment_intents", 200));
        assertThat(requests.get(0).parameters()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "query", "metadata['transactionId']:'" + payment.transactionId() + "'",
                "limit", String.valueOf(StripeService.SEARCH_PAGE_SIZE)));
        assertThat(requests.get(0).idempotencyKey()).isNull();

        // and created one PaymentIntent, confirmed, in minor units and a lower-case currency, under the payment's key
        assertThat(requests.get(1).parameters()).containsEntry("confirm", "true")
                .containsEntry("return_url", payment.returnUrl());
        assertThat(stripe.paymentIntents()).singleElement().satisfies(intent -> {
            assertThat(intent.amount()).isEqualTo(12_550L);
            assertThat(intent.currency()).isEqualTo("eur");
            assertThat(intent.paymentMethod()).isEqualTo(StripeApiServer.SUCCEEDING_CARD);
            assertThat(intent.description()).isEqualTo("Kafka Streams in Practice");
            assertThat(intent.metadata()).containsExactlyInAnyOrderEntriesOf(Map.of(
                    "transactionId", payment.transactionId(), "userId", payment.userId(),
                    "courseId", payment.courseId()));
            assertThat(intent.idempotencyKey()).isEqualTo(payment.idempotencyKey());
            assertThat(intent.status()).isEqualTo("succeeded");
        });

        // and the answer is SUCCEEDED with the PaymentIntent as reference
        assertThat(answer).isEqualTo(ProviderAnswer.succeeded(stripe.paymentIntents().get(0).id()));
        assertThat(answer.reference()).startsWith("pi_");
    }

    @Test
    void shouldAnswerADeclineAsFailedWithTheDeclineCodeAndThePaymentIntentItLeft() {
        Payment payment = validated(payment(PaymentProvider.STRIPE, StripeApiServer.DECLINED_CARD).build());

        ProviderAnswer answer = service.charge(payment);

        StripePaymentIntent intent = stripe.paymentIntents().get(0);
        assertThat(intent.status()).isEqualTo("requires_payment_method");
        assertThat(answer).isEqualTo(ProviderAnswer.failed(intent.id(), "generic_decline", "Your card was declined."));
        assertThat(stripe.requests()).extracting(RecordedRequest::method, RecordedRequest::status)
                .containsExactly(tuple("GET", 200), tuple("POST", 402));
    }

    @Test
    void shouldAnswerADeclineFoundByALaterAttemptTheSameWayAndChargeNothingMore() {
        // given a payment declined for insufficient funds, whose job is retried (a crash before its report)
        Payment payment = validated(payment(PaymentProvider.STRIPE, StripeApiServer.INSUFFICIENT_FUNDS_CARD).build());
        ProviderAnswer first = service.charge(payment);

        // when it is charged again, then the search finds the declined PaymentIntent and answers as before
        assertThat(service.charge(payment)).isEqualTo(first);
        assertThat(first.failureCode()).isEqualTo("insufficient_funds");
        assertThat(stripe.paymentIntents()).hasSize(1);
        assertThat(stripe.requests()).extracting(RecordedRequest::method).containsExactly("GET", "POST", "GET");
    }

    @Test
    void shouldAnswerRequiresActionWithTheRedirectOfThreeDSecure() {
        Payment payment = validated(payment(PaymentProvider.STRIPE, StripeApiServer.THREE_D_SECURE_CARD).build());

        ProviderAnswer answer = service.charge(payment);

        StripePaymentIntent intent = stripe.paymentIntents().get(0);
        assertThat(answer.status()).isEqualTo(PaymentStatus.REQUIRES_ACTION);
        assertThat(answer.reference()).isEqualTo(intent.id());
        assertThat(answer.nextActionUrl()).startsWith("https://hooks.stripe.com/3d_secure_2/hosted?")
                .contains("payment_intent=" + intent.id());
        assertThat(intent.returnUrl()).isEqualTo(payment.returnUrl());
    }

    @Test
    void shouldAnswerProcessingForAPaymentStripeIsStillWorkingOn() {
        Payment payment = validated(payment(PaymentProvider.STRIPE, StripeApiServer.PROCESSING_PAYMENT_METHOD)
                .build());

        assertThat(service.charge(payment))
                .isEqualTo(ProviderAnswer.processing(stripe.paymentIntents().get(0).id()));
    }

    @Test
    void shouldAnswerAnUnknownPaymentMethodAsAFailedInvalidRequest() {
        Payment payment = validated(payment(PaymentProvider.STRIPE, "pm_unknown").build());

        ProviderAnswer answer = service.charge(payment);

        assertThat(answer).isEqualTo(ProviderAnswer.failed(null, "resource_missing",
                "No such PaymentMethod: 'pm_unknown'"));
        assertThat(stripe.paymentIntents()).isEmpty();
    }

    @Test
    void shouldFailRetriablyOnATimeoutAndFindThePaymentIntentOnTheNextAttempt() {
        // given Stripe acts on the next create but answers after the read timeout
        Payment payment = validated(payment(PaymentProvider.STRIPE, StripeApiServer.SUCCEEDING_CARD).build());
        stripe.delayNextResponses("POST", 1, READ_TIMEOUT.plusSeconds(2));

        // when it is charged, then the attempt fails retriably (no answer) though the card was charged
        assertThatThrownBy(() -> service.charge(payment))
                .isInstanceOfSatisfying(ProviderUnavailableException.class, error -> {
                    assertThat(error.httpStatus()).isNull();
                    assertThat(JobErrors.isRetriable(error)).isTrue();
                })
                .hasCauseInstanceOf(ApiConnectionException.class)
                .hasMessageContaining("payment " + payment.transactionId());
        assertThat(stripe.paymentIntents()).hasSize(1);

        // and the next attempt finds that PaymentIntent and answers with it, creating nothing
        String charged = stripe.paymentIntents().get(0).id();
        assertThat(service.charge(payment)).isEqualTo(ProviderAnswer.succeeded(charged));
        assertThat(stripe.paymentIntents()).extracting(StripePaymentIntent::id).containsExactly(charged);
        assertThat(stripe.requests()).extracting(RecordedRequest::method).containsExactly("GET", "POST", "GET");
    }

    @Test
    void shouldFailRetriablyOnA500AndChargeOnceWhenTriedAgainWithTheSameKey() {
        Payment payment = validated(payment(PaymentProvider.STRIPE, StripeApiServer.SUCCEEDING_CARD).build());
        stripe.failNextRequests("POST", 1, 500);

        assertThatThrownBy(() -> service.charge(payment))
                .isInstanceOfSatisfying(ProviderUnavailableException.class,
                        error -> assertThat(error.httpStatus()).isEqualTo(500))
                .hasCauseInstanceOf(ApiException.class);
        assertThat(stripe.paymentIntents()).isEmpty();

        ProviderAnswer answer = service.charge(payment);
        assertThat(stripe.paymentIntents()).extracting(StripePaymentIntent::id).containsExactly(answer.reference());
        assertThat(stripe.requests())
                .extracting(RecordedRequest::method, RecordedRequest::status, RecordedRequest::idempotencyKey)
                .containsExactly(tuple("GET", 200, null), tuple("POST", 500, payment.idempotencyKey()),
                        tuple("GET", 200, null), tuple("POST", 200, payment.idempotencyKey()));
    }

    @Test
    void shouldFailRetriablyWhenTheAnswerIsLostAndNotChargeAgainOnTheNextAttempt() {
        // given the charge is made but its answer and the answer to the JDK's re-sent POST are lost
        Payment payment = validated(payment(PaymentProvider.STRIPE, StripeApiServer.SUCCEEDING_CARD).build());
        stripe.dropNextResponses("POST", 2);

        // when it is charged, then the attempt fails retriably though the money moved
        assertThatThrownBy(() -> service.charge(payment))
                .isInstanceOf(ProviderUnavailableException.class)
                .hasCauseInstanceOf(ApiConnectionException.class);
        assertThat(stripe.paymentIntents()).hasSize(1);

        // and the next attempt finds it instead of charging again
        ProviderAnswer answer = service.charge(payment);
        assertThat(stripe.paymentIntents()).extracting(StripePaymentIntent::id).containsExactly(answer.reference());
        assertThat(stripe.requests())
                .extracting(RecordedRequest::method, RecordedRequest::dropped, RecordedRequest::replayed)
                .containsExactly(tuple("GET", false, false), tuple("POST", true, false), tuple("POST", true, true),
                        tuple("GET", false, false));
    }

    @Test
    void shouldNotChargeAgainWhenRetriedAfterStripeForgotTheKey() {
        Payment payment = validated(payment(PaymentProvider.STRIPE, StripeApiServer.SUCCEEDING_CARD).build());
        String first = service.charge(payment).reference();
        stripe.forgetIdempotencyKeys();

        assertThat(service.charge(payment).reference()).isEqualTo(first);
        assertThat(stripe.paymentIntents()).extracting(StripePaymentIntent::id).containsExactly(first);
    }

    @Test
    void shouldFailFatallyWhenTheTransactionWasChargedWithOtherTerms() {
        ProcessPayment paid = payment(PaymentProvider.STRIPE, StripeApiServer.SUCCEEDING_CARD).build();
        String first = service.charge(validated(paid)).reference();
        stripe.forgetIdempotencyKeys();

        Payment changed = validated(ProcessPayment.newBuilder(paid).setAmount(new Money(99_900L, "EUR")).build());

        assertThatThrownBy(() -> service.charge(changed))
                .isInstanceOf(FatalJobException.class)
                .hasMessageContaining("was already charged differently: Stripe PaymentIntent " + first
                        + " is for 12550 eur, the payment is 99900 EUR");
        assertThat(stripe.paymentIntents()).hasSize(1);
    }

    @Test
    void shouldFailFatallyWhenTheKeyWasUsedForAnotherPayment() {
        ProcessPayment first = payment(PaymentProvider.STRIPE, StripeApiServer.SUCCEEDING_CARD).build();
        service.charge(validated(first));
        Payment other = validated(payment(PaymentProvider.STRIPE, StripeApiServer.SUCCEEDING_CARD)
                .setIdempotencyKey(first.getIdempotencyKey()).build());

        assertThatThrownBy(() -> service.charge(other))
                .isInstanceOf(FatalJobException.class)
                .hasCauseInstanceOf(IdempotencyException.class)
                .hasMessageContaining("HTTP 400 idempotency_error");
    }

    @Test
    void shouldFailRetriablyWhenRateLimitedOrTheSearchFails() {
        Payment payment = validated(payment(PaymentProvider.STRIPE, StripeApiServer.SUCCEEDING_CARD).build());
        stripe.failNextRequests("POST", 1, 429);
        assertThatThrownBy(() -> service.charge(payment))
                .isInstanceOfSatisfying(ProviderUnavailableException.class,
                        error -> assertThat(error.code()).isEqualTo("rate_limit"))
                .hasCauseInstanceOf(RateLimitException.class);

        stripe.failNextRequests("GET", 1, 503);
        assertThatThrownBy(() -> service.charge(payment))
                .isInstanceOf(ProviderUnavailableException.class)
                .hasMessageContaining("PaymentIntent search");
        assertThat(stripe.paymentIntents()).isEmpty();
    }

    @Test
    void shouldFailFatallyWithAKeyStripeRefusesOrWithoutAKey() {
        StripeService wrongKey = new StripeService(PaymentFixtures.StripeSettings.of("sk_test_wrong0000wxyz",
                stripe.baseUrl(), READ_TIMEOUT));
        Payment payment = validated(payment(PaymentProvider.STRIPE, StripeApiServer.SUCCEEDING_CARD).build());

        assertThatThrownBy(() -> wrongKey.charge(payment))
                .isInstanceOf(FatalJobException.class)
                .hasCauseInstanceOf(AuthenticationException.class)
                .hasMessageContaining("HTTP 401");

        StripeService noKey = new StripeService(PaymentFixtures.StripeSettings.of(null, stripe.baseUrl(),
                READ_TIMEOUT));
        assertThatThrownBy(() -> noKey.charge(payment))
                .isInstanceOf(FatalJobException.class)
                .hasMessageEndingWith("cannot be charged: coursestream.payments.stripe.api-key is not set");
        assertThat(stripe.paymentIntents()).isEmpty();
    }
}
