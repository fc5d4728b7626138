// Tier: unit (StripePayoutProvider with Stripe's real Java SDK against the testkit's local Stripe API server on
// loopback, no Quarkus, no broker)
package io.coursestream.workers.payouts;

import static io.coursestream.workers.payouts.PayoutFixtures.newAccount;
import static io.coursestream.workers.payouts.PayoutFixtures.payout;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.stripe.StripeClient;
import com.stripe.exception.ApiConnectionException;
import com.stripe.exception.ApiException;
import com.stripe.exception.AuthenticationException;
import com.stripe.exception.IdempotencyException;
import com.stripe.exception.InvalidRequestException;
import com.stripe.exception.RateLimitException;
import com.stripe.model.Transfer;
import com.stripe.net.RequestOptions;
import com.stripe.param.TransferCreateParams;

import io.coursestream.schemas.common.Money;
import io.coursestream.devstack.stripe.RecordedRequest;
import io.coursestream.devstack.stripe.StripeApiServer;
import io.coursestream.devstack.stripe.StripeTransfer;
import io.coursestream.workers.FatalJobException;

class StripePayoutProviderTest {

    private StripeApiServer stripe;
    private StripePayoutProvider provider;
    private String account;

    @BeforeEach
    void start() {
        stripe = new StripeApiServer().start();
        account = newAccount();
        stripe.addConnectedAccount(account);
        provider = new StripePayoutProvider(PayoutFixtures.StripeSettings.of(stripe.apiKey(), stripe.baseUrl()));
    }

    @AfterEach
    void stop() {
        stripe.close();
    }

    @Test
    void shouldTransferTheAmountToTheConnectedAccountWithThePayoutsKeyGroupAndMetadata() throws Exception {
        // given a payout of 125.50 EUR for three commissions
        Payout payout = PayoutService.validated(payout(account).build());

        // when it is paid
        String reference = provider.pay(payout);

        // then Stripe made one transfer, in minor units and a lower-case currency, under the payout's key
        assertThat(stripe.transfers()).singleElement().satisfies(transfer -> {
            assertThat(transfer.id()).isEqualTo(reference).startsWith("tr_");
            assertThat(transfer.amount()).isEqualTo(12_550L);
            assertThat(transfer.currency()).isEqualTo("eur");
            assertThat(transfer.destination()).isEqualTo(account);
            assertThat(transfer.description()).isEqualTo(payout.description());
            assertThat(transfer.transferGroup()).isEqualTo(payout.payoutId());
            assertThat(transfer.metadata()).containsExactlyInAnyOrderEntriesOf(Map.of("payoutId", payout.payoutId(),
                    "affiliateId", payout.affiliateId(), "commissionCount", "3"));
            assertThat(transfer.idempotencyKey()).isEqualTo(payout.idempotencyKey());
        });

        // and the SDK reads the transfer back in Stripe's shape
        Transfer read = client(stripe.apiKey()).v1().transfers().retrieve(reference);
        assertThat(read.getObject()).isEqualTo("transfer");
        assertThat(read.getAmount()).isEqualTo(12_550L);
        assertThat(read.getCurrency()).isEqualTo("eur");
        assertThat(read.getDestination()).isEqualTo(account);
        assertThat(read.getLivemode()).isFalse();
        assertThat(read.getReversed()).isFalse();
        assertThat(read.getReversals().getData()).isEmpty();
        assertThat(read.getMetadata()).containsEntry("affiliateId", payout.affiliateId());
        assertThat(read.getCreated()).isPositive();
    }

    @Test
    void shouldAnswerARepeatedPayoutWithTheFirstTransferMarkedReplayed() throws Exception {
        // given a payout paid once
        Payout payout = PayoutService.validated(payout(account).build());
        String first = provider.pay(payout);

        // when it is paid again with the same key (the SDK directly, to see the headers)
        Transfer again = client(stripe.apiKey()).v1().transfers().create(params(payout),
                RequestOptions.builder().setIdempotencyKey(payout.idempotencyKey()).build());

        // then Stripe answers with the same transfer and makes no second one
        assertThat(again.getId()).isEqualTo(first);
        assertThat(again.getLastResponse().headers().firstValue("Idempotent-Replayed")).hasValue("true");
        assertThat(provider.pay(payout)).isEqualTo(first);
        assertThat(stripe.transfers()).hasSize(1);
        assertThat(stripe.requests()).extracting(RecordedRequest::replayed).containsExactly(false, true, true);
    }

    @Test
    void shouldFailFatallyWhenTheKeyWasUsedWithOtherParameters() {
        // given a payout paid once
        Payout payout = PayoutService.validated(payout(account).build());
        provider.pay(payout);

        // when a payout with another amount comes with the same key
        Payout changed = PayoutService.validated(payout(account).setPayoutId(payout.payoutId())
                .setAffiliateId(payout.affiliateId()).setDescription(payout.description())
                .setIdempotencyKey(payout.idempotencyKey()).setAmount(new Money(99_999L, "EUR")).build());

        // then Stripe refuses it (idempotency_error), which no retry mends
        assertThatThrownBy(() -> provider.pay(changed))
                .isInstanceOf(FatalJobException.class)
                .hasCauseInstanceOf(IdempotencyException.class)
                .hasMessageContaining("HTTP 400 idempotency_error");
        assertThat(stripe.transfers()).hasSize(1);
    }

    @Test
    void shouldFailFatallyForADestinationStripeDoesNotKnow() {
        Payout payout = PayoutService.validated(payout("acct_unknown").build());

        assertThatThrownBy(() -> provider.pay(payout))
                .isInstanceOf(FatalJobException.class)
                .hasCauseInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("HTTP 400 invalid_request_error resource_missing on destination"
                        + " - No such destination: 'acct_unknown'");
        assertThat(stripe.transfers()).isEmpty();
    }

    @Test
    void shouldPayAnyWellFormedAccountOnlyWhenTheServerIsToldToAcceptThem() {
        // given the local stack's setting, which accepts the accounts its demo affiliates link
        Payout payout = PayoutService.validated(payout("acct_DemoAffiliate42").build());
        assertThatThrownBy(() -> provider.pay(payout)).isInstanceOf(FatalJobException.class);
        stripe.acceptAnyConnectedAccount();

        // when the payout is tried again, then it is paid
        assertThat(provider.pay(payout)).startsWith("tr_");
        assertThat(stripe.transfers()).extracting(StripeTransfer::destination).containsExactly("acct_DemoAffiliate42");
    }

    @Test
    void shouldFailFatallyWithAKeyStripeRefuses() {
        StripePayoutProvider wrongKey = new StripePayoutProvider(
                PayoutFixtures.StripeSettings.of("sk_test_wrong0000wxyz", stripe.baseUrl()));

        assertThatThrownBy(() -> wrongKey.pay(PayoutService.validated(payout(account).build())))
                .isInstanceOf(FatalJobException.class)
                .hasCauseInstanceOf(AuthenticationException.class)
                .hasMessageContaining("HTTP 401")
                .hasMessageContaining("Invalid API Key provided: sk_test_****wxyz");
        assertThat(stripe.transfers()).isEmpty();
    }

    @Test
    void shouldFailFatallyWithoutAKeyAndSendNothing() {
        StripePayoutProvider noKey = new StripePayoutProvider(PayoutFixtures.StripeSettings.of(null, stripe.baseUrl()));

        assertThatThrownBy(() -> noKey.pay(PayoutService.validated(payout(account).build())))
                .isInstanceOf(FatalJobException.class)
                .hasMessageEndingWith("cannot be paid: coursestream.payouts.stripe.api-key is not set");
        assertThat(stripe.requests()).isEmpty();
    }

    @Test
    void shouldFailRetriablyOnA500AndPayOnceWhenTriedAgainWithTheSameKey() {
        // given Stripe answers the next request with 500
        Payout payout = PayoutService.validated(payout(account).build());
        stripe.failNextRequests(1, 500);

        // when the payout is tried, then the attempt fails retriably (the SDK does not retry by itself)
        assertThatThrownBy(() -> provider.pay(payout))
                .isInstanceOfSatisfying(PayoutProviderException.class,
                        error -> assertThat(error.httpStatus()).isEqualTo(500))
                .hasCauseInstanceOf(ApiException.class);
        assertThat(stripe.transfers()).isEmpty();

        // and the next attempt pays it once
        String reference = provider.pay(payout);
        assertThat(stripe.transfers()).extracting(StripeTransfer::id).containsExactly(reference);
        assertThat(stripe.requests()).extracting(RecordedRequest::idempotencyKey)
                .containsExactly(payout.idempotencyKey(), payout.idempotencyKey());
    }

    @Test
    void shouldFailRetriablyWhenRateLimited() {
        stripe.failNextRequests(1, 429);

        assertThatThrownBy(() -> provider.pay(PayoutService.validated(payout(account).build())))
                .isInstanceOfSatisfying(PayoutProviderException.class,
                        error -> assertThat(error.code()).isEqualTo("rate_limit"))
                .hasCauseInstanceOf(RateLimitException.class);
    }

    @Test
    void shouldFailRetriablyWhileThePlatformBalanceIsInsufficient() {
        // given 100.00 EUR available on the platform
        stripe.setAvailableBalance("EUR", 10_000L);

        // when a payout of 125.50 EUR is tried, then Stripe refuses it for now
        assertThatThrownBy(() -> provider.pay(PayoutService.validated(payout(account).build())))
                .isInstanceOfSatisfying(PayoutProviderException.class,
                        error -> assertThat(error.code()).isEqualTo("balance_insufficient"))
                .hasCauseInstanceOf(InvalidRequestException.class);
        assertThat(stripe.transfers()).isEmpty();

        // and once the balance is topped up, paid
        stripe.setAvailableBalance("EUR", 20_000L);
        provider.pay(PayoutService.validated(payout(account).build()));
        assertThat(stripe.transfers()).hasSize(1);
    }

    @Test
    void shouldNotPayTwiceWhenTheJdkResendsARequestWhoseAnswerWasLost() {
        // given Stripe makes the next transfer but its answer is lost (the connection closes)
        Payout payout = PayoutService.validated(payout(account).build());
        stripe.dropNextResponses(1);

        // when it is paid, then the JDK's HttpURLConnection re-sends the POST once, with the same key, and
        // gets the stored transfer
        String reference = provider.pay(payout);

        assertThat(stripe.transfers()).extracting(StripeTransfer::id).containsExactly(reference);
        List<RecordedRequest> requests = stripe.requests();
        assertThat(requests).extracting(RecordedRequest::dropped).containsExactly(true, false);
        assertThat(requests).extracting(RecordedRequest::replayed).containsExactly(false, true);
        assertThat(requests).extracting(RecordedRequest::idempotencyKey).containsOnly(payout.idempotencyKey());
    }

    @Test
    void shouldFailRetriablyWhenTheAnswerIsLostTwiceAndNotPayAgainOnTheNextAttempt() {
        // given the transfer is made but its answer and the answer to the JDK's re-sent request are lost
        Payout payout = PayoutService.validated(payout(account).build());
        stripe.dropNextResponses(2);

        // when it is paid, then the attempt fails retriably though the money moved
        assertThatThrownBy(() -> provider.pay(payout))
                .isInstanceOf(PayoutProviderException.class)
                .hasCauseInstanceOf(ApiConnectionException.class);
        assertThat(stripe.transfers()).hasSize(1);

        // and the next attempt gets that transfer back instead of making a second one
        String reference = provider.pay(payout);
        assertThat(stripe.transfers()).extracting(StripeTransfer::id).containsExactly(reference);
        assertThat(stripe.requests()).extracting(RecordedRequest::replayed).containsExactly(false, true, true);
    }

    private StripeClient client(String apiKey) {
        return StripeClient.builder().setApiKey(apiKey).setApiBase(stripe.baseUrl()).build();
    }

    private static TransferCreateParams params(Payout payout) {
        return TransferCreateParams.builder()
                .setAmount(payout.amountMinor())
                .setCurrency(payout.currency().toLowerCase())
                .setDestination(payout.destinationAccount())
                .setDescription(payout.description())
                .setTransferGroup(payout.payoutId())
                .putMetadata("payoutId", payout.payoutId())
                .putMetadata("affiliateId", payout.affiliateId())
                .putMetadata("commissionCount", String.valueOf(payout.commissionCount()))
                .build();
    }
}
