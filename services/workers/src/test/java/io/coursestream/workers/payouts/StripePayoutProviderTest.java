// Tier: unit (StripePayoutProvider with Stripe's real Java SDK against the testkit's local Stripe API server on
// loopback, no Quarkus, no broker)
package io.coursestream.workers.payouts;

import static io.coursestream.workers.payouts.PayoutFixtures.newAccount;
import static io.coursestream.workers.payouts.PayoutFixtures.payout;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import com.stripe.StripeClient;
import com.stripe.exception.ApiConnectionException;
import com.stripe.exception.ApiException;
import com.stripe.exception.AuthenticationException;
import com.stripe.exception.IdempotencyException;
import com.stripe.exception.InvalidRequestException;
import com.stripe.exception.RateLimitException;
import com.stripe.exception.StripeException;
import com.stripe.model.Transfer;
import com.stripe.net.RequestOptions;
import com.stripe.param.TransferCreateParams;

import io.coursestream.devstack.stripe.RecordedRequest;
import io.coursestream.devstack.stripe.StripeApiServer;
import io.coursestream.devstack.stripe.StripeTransfer;
import io.coursestream.schemas.common.Money;
import io.coursestream.schemas.jobs.ExecutePayout;
import io.coursestream.workers.FatalJobException;
import io.coursestream.workers.ProviderUnavailableException;

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

        // then it first looked for an earlier transfer of the payout's group, without a key, and found none
        List<RecordedRequest> requests = stripe.requests();
        assertThat(requests).extracting(RecordedRequest::method, RecordedRequest::path, RecordedRequest::status)
                .containsExactly(tuple("GET", "/v1/transfers", 200), tuple("POST", "/v1/transfers", 200));
        assertThat(requests.get(0).parameters()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "transfer_group", payout.payoutId(), "limit", String.valueOf(StripePayoutProvider.LOOKUP_PAGE_SIZE)));
        assertThat(requests.get(0).idempotencyKey()).isNull();

        // and Stripe made one transfer, in minor units and a lower-case currency, under the payout's key
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

        // and the provider, asked again, finds that transfer in the payout's group and sends no create at all
        assertThat(provider.pay(payout)).isEqualTo(first);
        assertThat(stripe.transfers()).hasSize(1);
        assertThat(stripe.requests()).extracting(RecordedRequest::method, RecordedRequest::replayed)
                .containsExactly(tuple("GET", false), tuple("POST", false), tuple("POST", true), tuple("GET", false));
    }

    @Test
    void shouldNotPayAgainWhenStripeHasForgottenTheKeyOfTheTransferItMade() {
        // given a payout paid once, and a day later, when Stripe no longer knows its idempotency key
        Payout payout = PayoutService.validated(payout(account).build());
        String first = provider.pay(payout);
        stripe.forgetIdempotencyKeys();

        // when an operator's retry from the dead letters pays it again
        String again = provider.pay(payout);

        // then the lookup finds the first transfer and nothing is created: one transfer, one POST
        assertThat(again).isEqualTo(first);
        assertThat(stripe.transfers()).extracting(StripeTransfer::id).containsExactly(first);
        assertThat(stripe.requests()).extracting(RecordedRequest::method, RecordedRequest::status)
                .containsExactly(tuple("GET", 200), tuple("POST", 200), tuple("GET", 200));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("otherTerms")
    void shouldFailFatallyAndPayNothingWhenThePayoutWasAlreadyPaidWithOtherTerms(String change, Money amount,
            boolean otherDestination) {
        // given a payout of 125.50 EUR paid once, and its key forgotten by Stripe
        ExecutePayout paid = payout(account).build();
        Payout payout = PayoutService.validated(paid);
        String first = provider.pay(payout);
        stripe.forgetIdempotencyKeys();

        // when the same payout comes again with other terms
        String destination = otherDestination ? newAccount() : account;
        stripe.addConnectedAccount(destination);
        Payout changed = PayoutService.validated(ExecutePayout.newBuilder(paid).setAmount(amount)
                .setDestinationAccount(destination).build());

        // then it fails fatally, naming the transfer made and the payout asked, and creates nothing
        assertThatThrownBy(() -> provider.pay(changed))
                .isInstanceOf(FatalJobException.class)
                .hasMessageContaining("payout " + payout.payoutId())
                .hasMessageContaining("was already paid differently: Stripe transfer " + first + " moved 12550 eur to "
                        + account + ", the payout is " + amount.getAmountMinor() + " " + amount.getCurrency()
                        + " to " + destination);
        assertThat(stripe.transfers()).extracting(StripeTransfer::id).containsExactly(first);
        assertThat(stripe.requests()).extracting(RecordedRequest::method)
                .containsExactly("GET", "POST", "GET");
    }

    static Stream<Arguments> otherTerms() {
        return Stream.of(
                Arguments.of("another amount", new Money(99_999L, "EUR"), false),
                Arguments.of("another currency", new Money(12_550L, "USD"), false),
                Arguments.of("another destination", new Money(12_550L, "EUR"), true));
    }

    @Test
    void shouldFindThePayoutsTransferBehindAPageOfOtherTransfersOfItsGroup() {
        // given a payout paid once, then more transfers in its group than a lookup page holds, made for something
        // else (no payoutId of its own), and its key forgotten by Stripe
        Payout payout = PayoutService.validated(payout(account).build());
        String first = provider.pay(payout);
        StripeClient direct = client(stripe.apiKey());
        for (int i = 0; i < StripePayoutProvider.LOOKUP_PAGE_SIZE; i++) {
            createInGroup(direct, payout.payoutId(), Map.of("note", "correction " + i));
        }
        stripe.forgetIdempotencyKeys();
        int before = stripe.requests().size();

        // when it is paid again
        String again = provider.pay(payout);

        // then the lookup reads the second page, finds the first transfer there, and creates nothing
        assertThat(again).isEqualTo(first);
        List<RecordedRequest> lookups = stripe.requests().subList(before, stripe.requests().size());
        assertThat(lookups).extracting(RecordedRequest::method).containsExactly("GET", "GET");
        assertThat(lookups.get(0).parameters()).doesNotContainKey("starting_after");
        assertThat(lookups.get(1).parameters()).containsEntry("starting_after",
                stripe.transfers().get(1).id());
        assertThat(stripe.transfers()).hasSize(1 + (int) StripePayoutProvider.LOOKUP_PAGE_SIZE);
    }

    @Test
    void shouldPayWhenTheTransfersOfItsGroupAreForSomethingElse() {
        // given a transfer in the payout's group made for another payout
        Payout payout = PayoutService.validated(payout(account).build());
        String other = createInGroup(client(stripe.apiKey()), payout.payoutId(), Map.of("payoutId", "payout-other"));

        // when the payout is paid, then it gets a transfer of its own
        String reference = provider.pay(payout);

        assertThat(reference).isNotEqualTo(other);
        assertThat(stripe.transfers()).extracting(StripeTransfer::id).containsExactly(other, reference);
    }

    @Test
    void shouldFailRetriablyAndSendNoTransferWhenTheLookupFails() {
        // given Stripe answers the next lookup with 500
        Payout payout = PayoutService.validated(payout(account).build());
        stripe.failNextRequests("GET", 1, 500);

        // when the payout is tried, then the attempt fails as a failed create would, before any POST
        assertThatThrownBy(() -> provider.pay(payout))
                .isInstanceOfSatisfying(ProviderUnavailableException.class,
                        error -> assertThat(error.httpStatus()).isEqualTo(500))
                .hasCauseInstanceOf(ApiException.class)
                .hasMessageContaining("payout " + payout.payoutId());
        assertThat(stripe.requests()).extracting(RecordedRequest::method).containsExactly("GET");

        // and the next attempt pays it
        assertThat(provider.pay(payout)).isEqualTo(stripe.transfers().get(0).id());
    }

    @Test
    void shouldFailFatallyWhenTheKeyWasUsedWithOtherParameters() {
        // given a payout paid once
        Payout payout = PayoutService.validated(payout(account).build());
        provider.pay(payout);

        // when another payout, whose group holds no transfer, comes with the same key
        Payout changed = PayoutService.validated(payout(account).setIdempotencyKey(payout.idempotencyKey())
                .setAmount(new Money(99_999L, "EUR")).build());

        // then Stripe refuses its create (idempotency_error), which no retry mends
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
        // given Stripe answers the next create with 500
        Payout payout = PayoutService.validated(payout(account).build());
        stripe.failNextRequests("POST", 1, 500);

        // when the payout is tried, then the attempt fails retriably (the SDK does not retry by itself)
        assertThatThrownBy(() -> provider.pay(payout))
                .isInstanceOfSatisfying(ProviderUnavailableException.class,
                        error -> assertThat(error.httpStatus()).isEqualTo(500))
                .hasCauseInstanceOf(ApiException.class);
        assertThat(stripe.transfers()).isEmpty();

        // and the next attempt pays it once
        String reference = provider.pay(payout);
        assertThat(stripe.transfers()).extracting(StripeTransfer::id).containsExactly(reference);
        assertThat(stripe.requests())
                .extracting(RecordedRequest::method, RecordedRequest::status, RecordedRequest::idempotencyKey)
                .containsExactly(tuple("GET", 200, null), tuple("POST", 500, payout.idempotencyKey()),
                        tuple("GET", 200, null), tuple("POST", 200, payout.idempotencyKey()));
    }

    @Test
    void shouldFailRetriablyWhenRateLimited() {
        stripe.failNextRequests("POST", 1, 429);

        assertThatThrownBy(() -> provider.pay(PayoutService.validated(payout(account).build())))
                .isInstanceOfSatisfying(ProviderUnavailableException.class,
                        error -> assertThat(error.code()).isEqualTo("rate_limit"))
                .hasCauseInstanceOf(RateLimitException.class);
    }

    @Test
    void shouldFailRetriablyWhileThePlatformBalanceIsInsufficient() {
        // given 100.00 EUR available on the platform
        stripe.setAvailableBalance("EUR", 10_000L);

        // when a payout of 125.50 EUR is tried, then Stripe refuses it for now
        assertThatThrownBy(() -> provider.pay(PayoutService.validated(payout(account).build())))
                .isInstanceOfSatisfying(ProviderUnavailableException.class,
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
        stripe.dropNextResponses("POST", 1);

        // when it is paid, then the JDK's HttpURLConnection re-sends the POST once, with the same key, and
        // gets the stored transfer
        String reference = provider.pay(payout);

        assertThat(stripe.transfers()).extracting(StripeTransfer::id).containsExactly(reference);
        List<RecordedRequest> requests = stripe.requests();
        assertThat(requests).extracting(RecordedRequest::method, RecordedRequest::dropped, RecordedRequest::replayed)
                .containsExactly(tuple("GET", false, false), tuple("POST", true, false), tuple("POST", false, true));
        assertThat(requests.subList(1, 3)).extracting(RecordedRequest::idempotencyKey)
                .containsOnly(payout.idempotencyKey());
    }

    @Test
    void shouldFailRetriablyWhenTheAnswerIsLostTwiceAndNotPayAgainOnTheNextAttempt() {
        // given the transfer is made but its answer and the answer to the JDK's re-sent request are lost
        Payout payout = PayoutService.validated(payout(account).build());
        stripe.dropNextResponses("POST", 2);

        // when it is paid, then the attempt fails retriably though the money moved
        assertThatThrownBy(() -> provider.pay(payout))
                .isInstanceOf(ProviderUnavailableException.class)
                .hasCauseInstanceOf(ApiConnectionException.class);
        assertThat(stripe.transfers()).hasSize(1);

        // and the next attempt finds that transfer instead of making a second one
        String reference = provider.pay(payout);
        assertThat(stripe.transfers()).extracting(StripeTransfer::id).containsExactly(reference);
        assertThat(stripe.requests())
                .extracting(RecordedRequest::method, RecordedRequest::dropped, RecordedRequest::replayed)
                .containsExactly(tuple("GET", false, false), tuple("POST", true, false), tuple("POST", true, true),
                        tuple("GET", false, false));
    }

    private StripeClient client(String apiKey) {
        return StripeClient.builder().setApiKey(apiKey).setApiBase(stripe.baseUrl()).build();
    }

    /** A transfer of 1.00 EUR to the test's account in {@code group}, made directly; its id. */
    private String createInGroup(StripeClient direct, String group, Map<String, String> metadata) {
        try {
            return direct.v1().transfers().create(TransferCreateParams.builder().setAmount(100L).setCurrency("eur")
                    .setDestination(account).setTransferGroup(group).putAllMetadata(metadata).build()).getId();
        } catch (StripeException e) {
            throw new AssertionError("the test's own transfer failed", e);
        }
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
