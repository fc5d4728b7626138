package io.coursestream.processor.webhooks;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.logging.Logger;

import io.coursestream.processor.admin.ControlCommands;
import io.coursestream.processor.inputs.ApiError;
import io.coursestream.processor.queries.QueryUnavailableException;
import io.coursestream.schemas.payments.PaymentWebhookReceived;
import io.coursestream.schemas.topics.Topics;

/**
 * The payment webhook gateway: {@code POST /webhooks/stripe} and {@code POST /webhooks/binance}. A webhook is published
 * to {@code payments.webhook-events} (keyed by transaction id, for the payment topology to reconcile) only once its
 * signature verifies, its timestamp is inside the window, its nonce (Binance Pay) is fresh and its provider event id
 * was not published before ({@link ProviderEventLog}); otherwise it gets 400 with the reason and nothing is published.
 * An authentic event about nothing of ours is answered 200 and not published, so the provider stops sending it.
 * 503 when the gateway has no key configured for the provider or cannot write: the provider retries later.
 */
@Path("/webhooks")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "payments", description = "Payment provider webhooks")
public class PaymentWebhooksResource {

    private static final Logger LOG = Logger.getLogger(PaymentWebhooksResource.class);

    private final Optional<StripeWebhooks> stripe;
    private final Optional<BinancePayWebhooks> binance;
    private final ProviderEventLog published;
    private final ControlCommands writer;

    PaymentWebhooksResource(PaymentWebhooksConfig config, ProviderEventLog published, ControlCommands writer) {
        Clock clock = Clock.systemUTC();
        this.stripe = config.stripe().signingSecret().filter(secret -> !secret.isBlank())
                .map(secret -> new StripeWebhooks(secret, config.stripe().tolerance(), clock));
        this.binance = config.binance().publicKey().filter(key -> !key.isBlank())
                .map(key -> new BinancePayWebhooks(key, config.binance().window(), clock));
        this.published = published;
        this.writer = writer;
    }

    /** What a webhook call was answered: published, or acknowledged without an event. */
    public record Received(boolean published, String transactionId) {
    }

    @POST
    @Path("/stripe")
    @Consumes(MediaType.WILDCARD)
    @Operation(summary = "Stripe's webhook", description = "payment_intent.* and charge.refunded events, verified"
            + " by Stripe-Signature (HMAC-SHA256 of \"t.body\", 300 s tolerance).")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = Received.class)))
    @APIResponse(responseCode = "400", description = "Forged, stale, replayed or unreadable; nothing published",
            content = @Content(schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "503", description = "No signing secret configured, or the event could not be written",
            content = @Content(schema = @Schema(implementation = ApiError.class)))
    public Response stripe(String body, @HeaderParam("Stripe-Signature") String signature) {
        return stripe.map(webhooks -> receive("Stripe", () -> webhooks.verify(body, signature)))
                .orElseGet(() -> unavailable("no Stripe signing secret is configured"));
    }

    @POST
    @Path("/binance")
    @Consumes(MediaType.WILDCARD)
    @Operation(summary = "Binance Pay's webhook", description = "Order notifications, verified by BinancePay-Signature"
            + " (RSA over \"timestamp\\nnonce\\nbody\\n\"), a 5 minute window and a nonce used once.")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = Received.class)))
    @APIResponse(responseCode = "400", description = "Forged, stale, replayed or unreadable; nothing published",
            content = @Content(schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "503", description = "No Binance Pay key configured, or the event could not be written",
            content = @Content(schema = @Schema(implementation = ApiError.class)))
    public Response binance(String body, @HeaderParam("BinancePay-Timestamp") String timestamp,
            @HeaderParam("BinancePay-Nonce") String nonce, @HeaderParam("BinancePay-Signature") String signature) {
        return binance.map(webhooks -> receive("Binance Pay", () -> webhooks.verify(body, timestamp, nonce, signature)))
                .orElseGet(() -> unavailable("no Binance Pay public key is configured"));
    }

    private Response receive(String provider, Supplier<Optional<PaymentWebhookReceived>> verify) {
        Optional<PaymentWebhookReceived> event;
        try {
            event = verify.get();
            event.ifPresent(this::refuseReplay);
        } catch (WebhookRejectedException rejected) {
            LOG.warnf("%s webhook refused: %s", provider, rejected.getMessage());
            return Response.status(Response.Status.BAD_REQUEST).entity(new ApiError(rejected.getMessage())).build();
        } catch (QueryUnavailableException unknownYet) {
            // Whether it is a replay cannot be told now (rebalancing): the provider sends it again later.
            return unknownYet.toResponse();
        }
        if (event.isEmpty()) {
            return Response.ok(new Received(false, null)).build();
        }
        PaymentWebhookReceived received = event.get();
        try {
            writer.send(List.<ProducerRecord<String, SpecificRecord>>of(new ProducerRecord<>(
                    Topics.PAYMENT_WEBHOOKS.name(), received.getTransactionId(), received)));
        } catch (ControlCommands.CommandNotWrittenException e) {
            return unavailable("the webhook could not be recorded now: " + e.getMessage());
        }
        return Response.ok(new Received(true, received.getTransactionId())).build();
    }

    private void refuseReplay(PaymentWebhookReceived event) {
        if (published.contains(event.getTransactionId(), event.getProviderEventId())) {
            throw new WebhookRejectedException("event " + event.getProviderEventId() + " was received before:"
                    + " a replay");
        }
    }

    private static Response unavailable(String message) {
        return Response.status(Response.Status.SERVICE_UNAVAILABLE).header("Retry-After", "30")
                .entity(new ApiError(message)).build();
    }
}
