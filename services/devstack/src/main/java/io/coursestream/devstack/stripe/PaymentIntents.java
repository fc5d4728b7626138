package io.coursestream.devstack.stripe;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Stripe's PaymentIntents, confirmed at creation as a server-side checkout does: {@code POST /v1/payment_intents}
 * (with {@code confirm=true} and a {@code payment_method}), {@code GET /v1/payment_intents/{id}} and
 * {@code GET /v1/payment_intents/search} (clauses {@code metadata['key']:'value'} and {@code status:'value'} joined
 * by {@code AND}, newest first, paged with {@code limit} and {@code page}). Unlike Stripe's search, which can lag
 * writes by up to a minute, this one sees every PaymentIntent at once.
 *
 * <p>The payment method decides the outcome, as Stripe's test payment methods do:
 * <ul>
 *   <li>{@value #SUCCEEDS}, {@code pm_card_mastercard}: {@code succeeded}.</li>
 *   <li>{@value #DECLINED}: 402 {@code card_error} {@code card_declined}, decline code {@code generic_decline};
 *       {@value #INSUFFICIENT_FUNDS}: decline code {@code insufficient_funds}. The PaymentIntent is created all the
 *       same, {@code requires_payment_method} with its {@code last_payment_error}, and is in the error's
 *       {@code payment_intent}.</li>
 *   <li>{@value #REQUIRES_ACTION}, {@code pm_card_authenticationRequired}: {@code requires_action}; with a
 *       {@code return_url} the next action is {@code redirect_to_url} (a 3-D Secure page), without one
 *       {@code use_stripe_sdk}.</li>
 *   <li>{@value #PROCESSING} (this server's stand-in for a SEPA debit, which Stripe keeps processing for days):
 *       {@code processing}.</li>
 *   <li>any other: 400 {@code resource_missing} on {@code payment_method}.</li>
 * </ul>
 * Called under the server's lock.
 */
final class PaymentIntents {

    /** A card that is charged. */
    static final String SUCCEEDS = "pm_card_visa";
    /** A card that is declined ({@code generic_decline}). */
    static final String DECLINED = "pm_card_chargeDeclined";
    /** A card declined for {@code insufficient_funds}. */
    static final String INSUFFICIENT_FUNDS = "pm_card_chargeDeclinedInsufficientFunds";
    /** A card that needs 3-D Secure. */
    static final String REQUIRES_ACTION = "pm_card_threeDSecure2Required";
    /** A payment that stays {@code processing}. */
    static final String PROCESSING = "pm_sepaDebit";

    private static final Pattern CLAUSE = Pattern.compile(
            "\\s*(?:metadata\\[['\"]([^'\"]+)['\"]]|([a-z_]+))\\s*:\\s*(?:'([^']*)'|\"([^\"]*)\")\\s*");

    private final Clock clock;
    private final Map<String, StripePaymentIntent> byId = new LinkedHashMap<>();

    PaymentIntents(Clock clock) {
        this.clock = clock;
    }

    void register(StripeApiServer server) {
        // The search before {id}: the first matching route serves a request.
        server.route("GET", "/v1/payment_intents/search", this::search);
        server.route("POST", "/v1/payment_intents", this::create);
        server.route("GET", "/v1/payment_intents/{id}", this::retrieve);
    }

    List<StripePaymentIntent> all() {
        return List.copyOf(byId.values());
    }

    private StripeResponse create(StripeRequest request) {
        AmountParams money = AmountParams.of(request);
        if (money.error() != null) {
            return money.error();
        }
        long amount = money.amount();
        String currency = money.currency();
        String paymentMethod = request.string("payment_method");
        boolean confirm = "true".equals(request.string("confirm"));
        if (confirm && paymentMethod == null) {
            return StripeResponse.invalidRequest("payment_intent_unexpected_state", null,
                    "You cannot confirm this PaymentIntent because it's missing a payment method. To confirm the"
                            + " PaymentIntent, either pass a payment_method or attach one to the PaymentIntent.");
        }
        String outcome = paymentMethod == null ? null : outcome(paymentMethod);
        if (paymentMethod != null && outcome == null) {
            return StripeResponse.invalidRequest("resource_missing", "payment_method",
                    "No such PaymentMethod: '" + paymentMethod + "'");
        }
        String status;
        String declineCode = null;
        if (!confirm) {
            status = paymentMethod == null ? "requires_payment_method" : "requires_confirmation";
        } else if (outcome.startsWith("declined:")) {
            status = "requires_payment_method";
            declineCode = outcome.substring("declined:".length());
        } else {
            status = outcome;
        }
        StripePaymentIntent intent = new StripePaymentIntent(StripeApiServer.newId("pi_"), amount, currency, status,
                paymentMethod, request.string("description"), request.map("metadata"), request.string("return_url"),
                declineCode, Instant.ofEpochSecond(clock.instant().getEpochSecond()),
                request.header("Idempotency-Key"));
        byId.put(intent.id(), intent);
        if (declineCode != null) {
            return declined(intent);
        }
        return StripeResponse.ok(json(intent));
    }

    private StripeResponse retrieve(StripeRequest request) {
        String id = request.pathParameters().get("id");
        StripePaymentIntent intent = byId.get(id);
        return intent == null ? StripeResponse.notFound("intent", "No such payment_intent: '" + id + "'")
                : StripeResponse.ok(json(intent));
    }

    private StripeResponse search(StripeRequest request) {
        String query = request.string("query");
        if (query == null || query.isBlank()) {
            return StripeResponse.invalidRequest("parameter_missing", "query", "Missing required param: query.");
        }
        Map<String, String> metadata = new LinkedHashMap<>();
        String status = null;
        for (String clause : query.split(" AND ")) {
            Matcher matcher = CLAUSE.matcher(clause);
            if (!matcher.matches()) {
                return StripeResponse.invalidRequest(null, "query", "Invalid query: " + query);
            }
            String value = matcher.group(3) != null ? matcher.group(3) : matcher.group(4);
            if (matcher.group(1) != null) {
                metadata.put(matcher.group(1), value);
            } else if ("status".equals(matcher.group(2))) {
                status = value;
            } else {
                return StripeResponse.invalidRequest(null, "query", "Field '" + matcher.group(2)
                        + "' is an unsupported search field for this resource.");
            }
        }
        int limit;
        int offset;
        try {
            limit = request.string("limit") == null ? 10 : Integer.parseInt(request.string("limit"));
            offset = request.string("page") == null ? 0 : Integer.parseInt(request.string("page").substring(5));
        } catch (NumberFormatException | IndexOutOfBoundsException e) {
            return StripeResponse.invalidRequest(null, null, "Invalid limit or page");
        }
        List<StripePaymentIntent> newestFirst = new ArrayList<>(byId.values());
        Collections.reverse(newestFirst);
        List<Map<String, Object>> matching = new ArrayList<>();
        for (StripePaymentIntent intent : newestFirst) {
            if ((status == null || status.equals(intent.status()))
                    && intent.metadata().entrySet().containsAll(metadata.entrySet())) {
                matching.add(json(intent));
            }
        }
        int end = Math.min(offset + limit, matching.size());
        Map<String, Object> page = new LinkedHashMap<>();
        page.put("object", "search_result");
        page.put("data", offset >= matching.size() ? List.of() : matching.subList(offset, end));
        page.put("has_more", end < matching.size());
        page.put("next_page", end < matching.size() ? "page_" + end : null);
        page.put("url", "/v1/payment_intents/search");
        return StripeResponse.ok(page);
    }

    /** {@code succeeded}, {@code requires_action}, {@code processing} or {@code declined:<code>}; null: unknown. */
    private static String outcome(String paymentMethod) {
        return switch (paymentMethod) {
            case SUCCEEDS, "pm_card_mastercard" -> "succeeded";
            case DECLINED -> "declined:generic_decline";
            case INSUFFICIENT_FUNDS -> "declined:insufficient_funds";
            case REQUIRES_ACTION, "pm_card_authenticationRequired" -> "requires_action";
            case PROCESSING -> "processing";
            default -> null;
        };
    }

    /** Stripe's 402 for a declined confirmation: the card error, with the PaymentIntent it left behind. */
    private static StripeResponse declined(StripePaymentIntent intent) {
        Map<String, Object> error = new LinkedHashMap<>(lastPaymentError(intent));
        error.put("payment_intent", json(intent));
        return new StripeResponse(402, Map.of("error", error));
    }

    private static Map<String, Object> lastPaymentError(StripePaymentIntent intent) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("code", "card_declined");
        error.put("decline_code", intent.declineCode());
        error.put("doc_url", "https://stripe.com/docs/error-codes/card-declined");
        error.put("message", "insufficient_funds".equals(intent.declineCode()) ? "Your card has insufficient funds."
                : "Your card was declined.");
        Map<String, Object> method = new LinkedHashMap<>();
        method.put("id", intent.paymentMethod());
        method.put("object", "payment_method");
        method.put("type", "card");
        error.put("payment_method", method);
        error.put("type", "card_error");
        return error;
    }

    /** The JSON object Stripe returns for it. */
    private static Map<String, Object> json(StripePaymentIntent intent) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", intent.id());
        json.put("object", "payment_intent");
        json.put("amount", intent.amount());
        json.put("amount_capturable", 0);
        json.put("amount_received", "succeeded".equals(intent.status()) ? intent.amount() : 0);
        json.put("capture_method", "automatic_async");
        json.put("client_secret", intent.id() + "_secret_" + intent.id().substring(3));
        json.put("confirmation_method", "automatic");
        json.put("created", intent.created().getEpochSecond());
        json.put("currency", intent.currency());
        json.put("description", intent.description());
        json.put("last_payment_error", intent.declineCode() == null ? null : lastPaymentError(intent));
        json.put("latest_charge", "succeeded".equals(intent.status()) || intent.declineCode() != null
                ? "ch_" + intent.id().substring(3) : null);
        json.put("livemode", false);
        json.put("metadata", new LinkedHashMap<>(intent.metadata()));
        json.put("next_action", "requires_action".equals(intent.status()) ? nextAction(intent) : null);
        json.put("payment_method", intent.declineCode() == null ? intent.paymentMethod() : null);
        json.put("payment_method_types", List.of("card"));
        json.put("status", intent.status());
        return json;
    }

    private static Map<String, Object> nextAction(StripePaymentIntent intent) {
        Map<String, Object> next = new LinkedHashMap<>();
        if (intent.returnUrl() == null) {
            next.put("type", "use_stripe_sdk");
            next.put("use_stripe_sdk", Map.of("type", "three_d_secure_redirect", "stripe_js",
                    "https://hooks.stripe.com/redirect/authenticate/src_" + intent.id().substring(3)));
            return next;
        }
        Map<String, Object> redirect = new LinkedHashMap<>();
        redirect.put("return_url", intent.returnUrl());
        redirect.put("url", "https://hooks.stripe.com/3d_secure_2/hosted?merchant=acct_local&payment_intent="
                + intent.id() + "&payment_intent_client_secret=" + intent.id() + "_secret_" + intent.id().substring(3)
                + "&publishable_key=pk_test_local&source=payatt_" + intent.id().substring(3));
        next.put("redirect_to_url", redirect);
        next.put("type", "redirect_to_url");
        return next;
    }
}
