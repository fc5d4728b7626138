package io.coursestream.devstack.stripe;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Stripe's transfers to connected accounts: {@code POST /v1/transfers}, {@code GET /v1/transfers/{id}} and
 * {@code GET /v1/transfers} (filtered by {@code destination} and {@code transfer_group}, newest first, a page of
 * {@code limit} after the {@code starting_after} cursor). A transfer's destination must be a connected account the
 * test registered; with an available balance set for its currency, a transfer beyond it is refused with
 * {@code balance_insufficient}, as Stripe refuses one beyond the platform's funds.
 * For the local stack, whose demo affiliates link accounts the server cannot know in advance, every well-formed
 * {@code acct_...} can be accepted instead.
 * Called under the server's lock.
 */
final class Transfers {

    private final Clock clock;
    private final Set<String> accounts = new HashSet<>();
    private boolean anyAccount;
    private final Map<String, Long> availableBalance = new HashMap<>();
    private final Map<String, StripeTransfer> byId = new LinkedHashMap<>();
    private final Map<String, Map<String, Object>> json = new HashMap<>();

    Transfers(Clock clock) {
        this.clock = clock;
    }

    void register(StripeApiServer server) {
        server.route("POST", "/v1/transfers", this::create);
        server.route("GET", "/v1/transfers/{id}", this::retrieve);
        server.route("GET", "/v1/transfers", this::list);
    }

    void addAccount(String accountId) {
        accounts.add(accountId);
    }

    void acceptAnyAccount() {
        anyAccount = true;
    }

    void setAvailableBalance(String currency, long amountMinor) {
        availableBalance.put(currency.toLowerCase(Locale.ROOT), amountMinor);
    }

    List<StripeTransfer> all() {
        return List.copyOf(byId.values());
    }

    private StripeResponse create(StripeRequest request) {
        AmountParams money = AmountParams.of(request);
        if (money.error() != null) {
            return money.error();
        }
        long amount = money.amount();
        String currency = money.currency();
        String destination = request.string("destination");
        if (destination == null) {
            return StripeResponse.invalidRequest("parameter_missing", "destination",
                    "Missing required param: destination.");
        }
        if (!(accounts.contains(destination) || (anyAccount && destination.matches("acct_[A-Za-z0-9]+")))) {
            return StripeResponse.invalidRequest("resource_missing", "destination",
                    "No such destination: '" + destination + "'");
        }
        Long available = availableBalance.get(currency);
        if (available != null && amount > available) {
            return StripeResponse.invalidRequest("balance_insufficient", null,
                    "You have insufficient available funds in your Stripe account. Try adding funds directly to your"
                            + " available balance by creating Charges using the 4000000000000077 test card.");
        }
        if (available != null) {
            availableBalance.put(currency, available - amount);
        }
        StripeTransfer transfer = new StripeTransfer(StripeApiServer.newId("tr_"), amount, currency, destination,
                request.string("description"), request.string("transfer_group"), request.map("metadata"),
                Instant.ofEpochSecond(clock.instant().getEpochSecond()), request.header("Idempotency-Key"));
        byId.put(transfer.id(), transfer);
        json.put(transfer.id(), transfer.toJson(StripeApiServer.newId("txn_"), StripeApiServer.newId("py_")));
        return StripeResponse.ok(json.get(transfer.id()));
    }

    private StripeResponse retrieve(StripeRequest request) {
        String id = request.pathParameters().get("id");
        Map<String, Object> transfer = json.get(id);
        return transfer == null ? StripeResponse.notFound("id", "No such transfer: '" + id + "'")
                : StripeResponse.ok(transfer);
    }

    private StripeResponse list(StripeRequest request) {
        String destination = request.string("destination");
        String group = request.string("transfer_group");
        int limit;
        try {
            limit = request.string("limit") == null ? 10 : Integer.parseInt(request.string("limit"));
        } catch (NumberFormatException e) {
            return StripeResponse.invalidRequest("parameter_invalid_integer", "limit",
                    "Invalid integer: " + request.string("limit"));
        }
        String startingAfter = request.string("starting_after");
        if (startingAfter != null && !byId.containsKey(startingAfter)) {
            return StripeResponse.invalidRequest("resource_missing", "starting_after",
                    "No such transfer: '" + startingAfter + "'");
        }
        List<Map<String, Object>> matching = new ArrayList<>();
        List<StripeTransfer> newestFirst = new ArrayList<>(byId.values());
        Collections.reverse(newestFirst);
        // The cursor's own position, whether or not it matches the filters: the page starts after it.
        boolean afterCursor = startingAfter == null;
        for (StripeTransfer transfer : newestFirst) {
            if (!afterCursor) {
                afterCursor = transfer.id().equals(startingAfter);
                continue;
            }
            if ((destination == null || destination.equals(transfer.destination()))
                    && (group == null || group.equals(transfer.transferGroup()))) {
                matching.add(json.get(transfer.id()));
            }
        }
        Map<String, Object> page = new LinkedHashMap<>();
        page.put("object", "list");
        page.put("data", matching.subList(0, Math.min(limit, matching.size())));
        page.put("has_more", matching.size() > limit);
        page.put("url", "/v1/transfers");
        return StripeResponse.ok(page);
    }
}
