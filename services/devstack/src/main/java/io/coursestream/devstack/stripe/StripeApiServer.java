package io.coursestream.devstack.stripe;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.sun.net.httpserver.HttpExchange;

import io.coursestream.devstack.StackComponent;
import io.coursestream.devstack.json.Json;
import io.coursestream.devstack.json.LoopbackHttp;

/**
 * A local HTTP server that speaks enough of Stripe's REST API for the Stripe Java SDK pointed at it
 * ({@code StripeClient.builder().setApiBase(server.baseUrl())}), so payouts and payments run against the real SDK
 * without Stripe. JDK only ({@code com.sun.net.httpserver}), on 127.0.0.1 and a free port.
 *
 * <p>What it does as Stripe does:
 * <ul>
 *   <li>Authentication: {@code Authorization: Bearer <key>} (or Basic with the key as user) must carry
 *       {@link #apiKey()}; otherwise 401 with Stripe's error JSON.</li>
 *   <li>Idempotency: a POST with an {@code Idempotency-Key} that already succeeded with the same parameters gets the
 *       stored response again, with {@code Idempotent-Replayed: true} and {@code Original-Request}; the same key with
 *       other parameters gets 400 {@code idempotency_error}. Successful results and card declines (402, which Stripe
 *       stores because the request began executing: the PaymentIntent exists) are stored; refused parameters are
 *       not, as at Stripe. Stripe forgets a key after 24 hours;
 *       {@link #forgetIdempotencyKeys} forgets them all at once, so a test can repeat a request a day later.</li>
 *   <li>Endpoints: transfers ({@code POST /v1/transfers}, {@code GET /v1/transfers/{id}}, {@code GET /v1/transfers}
 *       by {@code destination} and {@code transfer_group}, newest first, paged with {@code limit} and
 *       {@code starting_after}) to the connected accounts registered with {@link #addConnectedAccount}; an unknown
 *       destination is 400 {@code resource_missing} on {@code destination}; PaymentIntents confirmed at creation
 *       ({@code POST /v1/payment_intents}, {@code GET /v1/payment_intents/{id}}, {@code GET
 *       /v1/payment_intents/search}), whose payment method decides the outcome as Stripe's test payment methods do
 *       ({@link #SUCCEEDING_CARD}, {@link #DECLINED_CARD}, {@link #INSUFFICIENT_FUNDS_CARD},
 *       {@link #THREE_D_SECURE_CARD}, {@link #PROCESSING_PAYMENT_METHOD}). More are added with {@link #route}.</li>
 *   <li>Responses in Stripe's JSON shapes (ids {@code tr_...}, lower-case currencies, {@code livemode: false}),
 *       with {@code Request-Id} and the request's {@code Stripe-Version}.</li>
 * </ul>
 * Programmable faults for the tests: {@link #failNextRequests} answers the next requests with an error status before
 * they reach the API (nothing done, nothing stored: a gateway's 500, a rate limit's 429), and
 * {@link #dropNextResponses} carries the next requests out, then closes the connection without an answer (the
 * response lost on the way back). Both take every request, or only those of one method (the {@code POST} that moves
 * money, not the {@code GET} that looks for it first); a request takes the oldest fault that applies to it.
 * {@link #delayNextResponses} carries the next requests out and holds their answers back (an answer slower than the
 * client's read timeout). Every request is recorded ({@link #requests()}), every transfer and PaymentIntent kept
 * ({@link #transfers()}, {@link #paymentIntents()}).
 *
 * <p>Requests are handled one at a time, so state changes in a well-defined order. Usage:
 * {@code new StripeApiServer().start()}, {@link #baseUrl()}, {@link #apiKey()}, {@link #addConnectedAccount},
 * {@link #close()}; {@link #main} runs it as a process.
 */
public final class StripeApiServer implements StackComponent {

    /** A test payment method whose PaymentIntent succeeds (Stripe's {@code pm_card_visa}). */
    public static final String SUCCEEDING_CARD = PaymentIntents.SUCCEEDS;
    /** A test payment method declined with 402 {@code card_declined}, decline code {@code generic_decline}. */
    public static final String DECLINED_CARD = PaymentIntents.DECLINED;
    /** A test payment method declined with decline code {@code insufficient_funds}. */
    public static final String INSUFFICIENT_FUNDS_CARD = PaymentIntents.INSUFFICIENT_FUNDS;
    /** A test payment method that needs 3-D Secure: {@code requires_action}, redirect to a hosted page. */
    public static final String THREE_D_SECURE_CARD = PaymentIntents.REQUIRES_ACTION;
    /** This server's payment method whose PaymentIntent stays {@code processing} (as a SEPA debit does). */
    public static final String PROCESSING_PAYMENT_METHOD = PaymentIntents.PROCESSING;

    /** Answered as {@code Stripe-Version} when a request names none. */
    public static final String DEFAULT_API_VERSION = "2026-01-28.clover";

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String ID_CHARACTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private static final int MAX_IDEMPOTENCY_KEY_LENGTH = 255;

    private final String apiKey;
    private final Object lock = new Object();
    private final List<Route> routes = new CopyOnWriteArrayList<>();
    private final Transfers transfers;
    private final PaymentIntents paymentIntents;
    private final Map<String, StoredResult> idempotentResults = new HashMap<>();
    private final List<RecordedRequest> requests = new ArrayList<>();
    private final Deque<Fault> failures = new ArrayDeque<>();
    private final Deque<Fault> drops = new ArrayDeque<>();
    private final Deque<Delay> delays = new ArrayDeque<>();
    private final LoopbackHttp http = new LoopbackHttp();

    /** A route: method and path template ({@code /v1/transfers/{id}}) as a pattern. */
    private record Route(String method, Pattern path, List<String> names, StripeEndpoint endpoint) {
    }

    /**
     * A programmed fault: for the requests of {@code method}, or of every method when it is null; {@code status} the
     * error answered (0 for a dropped answer).
     */
    private record Fault(String method, int status) {

        boolean appliesTo(String requestMethod) {
            return method == null || method.equals(requestMethod);
        }
    }

    /** A programmed delay of an answer, for the requests of {@code method} (or every method when null). */
    private record Delay(String method, Duration delay) {
    }

    /** A stored result of an idempotent request: what it asked (to compare) and what it got. */
    private record StoredResult(String fingerprint, StripeResponse response, String requestId) {
    }

    /** What a request is answered with, and how. */
    private record Answer(StripeResponse response, String requestId, boolean replayed, String originalRequestId,
            boolean drop, Duration delay) {

        Answer(StripeResponse response, String requestId, boolean replayed, String originalRequestId, boolean drop) {
            this(response, requestId, replayed, originalRequestId, drop, Duration.ZERO);
        }

        Answer delayedBy(Duration by) {
            return new Answer(response, requestId, replayed, originalRequestId, drop, by);
        }
    }

    /** A server with a random test key ({@code sk_test_...}). */
    public StripeApiServer() {
        this("sk_test_" + randomChars(24));
    }

    /** A server accepting {@code apiKey}. */
    public StripeApiServer(String apiKey) {
        if (apiKey == null || apiKey.isBlank()) {
            throw new IllegalArgumentException("an API key is required");
        }
        this.apiKey = apiKey;
        this.transfers = new Transfers(Clock.systemUTC());
        transfers.register(this);
        this.paymentIntents = new PaymentIntents(Clock.systemUTC());
        paymentIntents.register(this);
    }

    /** Starts on 127.0.0.1 and a free port. */
    public StripeApiServer start() {
        return start(0);
    }

    /** Starts on 127.0.0.1 and {@code port} (0: a free one). */
    public StripeApiServer start(int port) {
        http.start(port, "stripe-api-server", this::exchange);
        return this;
    }

    /** {@code http://127.0.0.1:<port>}, the SDK's API base. */
    public String baseUrl() {
        return http.baseUrl();
    }

    /** The secret key requests must carry. */
    public String apiKey() {
        return apiKey;
    }

    /** Registers a connected account ({@code acct_...}) that transfers may go to. */
    public StripeApiServer addConnectedAccount(String accountId) {
        synchronized (lock) {
            transfers.addAccount(Objects.requireNonNull(accountId, "accountId"));
        }
        return this;
    }

    /**
     * Accepts every well-formed {@code acct_...} as a destination, for the local stack, where affiliates link accounts
     * the server cannot know in advance. Tests register theirs with {@link #addConnectedAccount} instead, so that an
     * unknown destination stays refused.
     */
    public StripeApiServer acceptAnyConnectedAccount() {
        synchronized (lock) {
            transfers.acceptAnyAccount();
        }
        return this;
    }

    /**
     * Sets the platform's available balance in {@code currency}: transfers take from it, and one beyond it is refused
     * with {@code balance_insufficient}. Without a balance for a currency, transfers in it are unlimited.
     */
    public StripeApiServer setAvailableBalance(String currency, long amountMinor) {
        synchronized (lock) {
            transfers.setAvailableBalance(currency, amountMinor);
        }
        return this;
    }

    /**
     * The next {@code count} requests are answered with {@code status} before they reach the API: nothing is done and
     * nothing stored for their idempotency key. 429 is Stripe's rate limit error, 5xx its {@code api_error}.
     */
    public StripeApiServer failNextRequests(int count, int status) {
        return addFailures(null, count, status);
    }

    /**
     * As {@link #failNextRequests(int, int)}, for the next {@code count} requests of {@code method} ({@code POST},
     * {@code GET}) only; requests of other methods pass.
     */
    public StripeApiServer failNextRequests(String method, int count, int status) {
        return addFailures(methodName(method), count, status);
    }

    /**
     * The next {@code count} requests are carried out (a transfer is made, its result stored for its idempotency key)
     * and recorded, then the connection is closed without an answer.
     */
    public StripeApiServer dropNextResponses(int count) {
        return addDrops(null, count);
    }

    /**
     * As {@link #dropNextResponses(int)}, for the next {@code count} requests of {@code method} ({@code POST},
     * {@code GET}) only; requests of other methods are answered.
     */
    public StripeApiServer dropNextResponses(String method, int count) {
        return addDrops(methodName(method), count);
    }

    /**
     * The next {@code count} requests of {@code method} ({@code POST}, {@code GET}) are carried out and recorded, and
     * their answers held back for {@code delay} before they are written: longer than the client's read timeout, the
     * client gives up although Stripe acted. The answer is still written afterwards (to a closed connection).
     */
    public StripeApiServer delayNextResponses(String method, int count, Duration delay) {
        if (delay == null || delay.isNegative()) {
            throw new IllegalArgumentException("a delay is zero or positive: " + delay);
        }
        String name = methodName(method);
        synchronized (lock) {
            for (int i = 0; i < count; i++) {
                delays.add(new Delay(name, delay));
            }
        }
        return this;
    }

    /**
     * Forgets every stored idempotent result, as Stripe forgets a key 24 hours after its first use: a request
     * repeated with a key used before is then carried out again, as a new one.
     */
    public StripeApiServer forgetIdempotencyKeys() {
        synchronized (lock) {
            idempotentResults.clear();
        }
        return this;
    }

    private StripeApiServer addFailures(String method, int count, int status) {
        if (status < 400 || status > 599) {
            throw new IllegalArgumentException("a failure status is 4xx or 5xx: " + status);
        }
        synchronized (lock) {
            for (int i = 0; i < count; i++) {
                failures.add(new Fault(method, status));
            }
        }
        return this;
    }

    private StripeApiServer addDrops(String method, int count) {
        synchronized (lock) {
            for (int i = 0; i < count; i++) {
                drops.add(new Fault(method, 0));
            }
        }
        return this;
    }

    private static String methodName(String method) {
        if (method == null || method.isBlank()) {
            throw new IllegalArgumentException("a method is required (POST, GET)");
        }
        return method.toUpperCase(Locale.ROOT);
    }

    /** Every transfer made, oldest first. */
    public List<StripeTransfer> transfers() {
        synchronized (lock) {
            return transfers.all();
        }
    }

    /** Every PaymentIntent created, oldest first, as it stands now. */
    public List<StripePaymentIntent> paymentIntents() {
        synchronized (lock) {
            return paymentIntents.all();
        }
    }

    /** Every request received, in order. */
    public List<RecordedRequest> requests() {
        synchronized (lock) {
            return List.copyOf(requests);
        }
    }

    /**
     * Adds an operation: {@code pathTemplate} is a path whose {@code {name}} segments become
     * {@link StripeRequest#pathParameters()}. The first registered route that matches a request serves it.
     */
    public StripeApiServer route(String method, String pathTemplate, StripeEndpoint endpoint) {
        List<String> names = new ArrayList<>();
        Matcher variables = Pattern.compile("\\{([a-z_]+)}").matcher(pathTemplate);
        StringBuilder regex = new StringBuilder();
        int last = 0;
        while (variables.find()) {
            regex.append(Pattern.quote(pathTemplate.substring(last, variables.start()))).append("([^/]+)");
            names.add(variables.group(1));
            last = variables.end();
        }
        regex.append(Pattern.quote(pathTemplate.substring(last)));
        routes.add(new Route(method.toUpperCase(Locale.ROOT), Pattern.compile(regex.toString()), names, endpoint));
        return this;
    }

    @Override
    public String name() {
        return "stripe";
    }

    /** None: it runs inside the JVM that started it. */
    @Override
    public OptionalLong pid() {
        return OptionalLong.empty();
    }

    /** Stops listening; requests in flight are cut. */
    @Override
    public void close() {
        http.stop();
    }

    /**
     * Runs the server as a process until it is stopped: {@code --port=<port>} (default 0, a free one),
     * {@code --api-key=<key>} (default a random one), {@code --account=<acct_...>} (repeatable) and
     * {@code --any-account} ({@link #acceptAnyConnectedAccount()}).
     */
    public static void main(String[] args) throws InterruptedException {
        int port = 0;
        String key = null;
        List<String> accounts = new ArrayList<>();
        boolean anyAccount = false;
        for (String arg : args) {
            if (arg.startsWith("--port=")) {
                port = Integer.parseInt(arg.substring("--port=".length()));
            } else if (arg.startsWith("--api-key=")) {
                key = arg.substring("--api-key=".length());
            } else if (arg.startsWith("--account=")) {
                accounts.add(arg.substring("--account=".length()));
            } else if (arg.equals("--any-account")) {
                anyAccount = true;
            } else {
                throw new IllegalArgumentException("unknown argument " + arg
                        + "; use --port=<port> --api-key=<key> --account=<acct_...> --any-account");
            }
        }
        StripeApiServer server = key == null ? new StripeApiServer() : new StripeApiServer(key);
        accounts.forEach(server::addConnectedAccount);
        if (anyAccount) {
            server.acceptAnyConnectedAccount();
        }
        server.start(port);
        Runtime.getRuntime().addShutdownHook(new Thread(server::close, "stripe-api-server-shutdown"));
        new CountDownLatch(1).await();
    }

    /** A Stripe-style id: the prefix and 24 random letters and digits. */
    static String newId(String prefix) {
        return prefix + randomChars(24);
    }

    private static String randomChars(int count) {
        StringBuilder id = new StringBuilder(count);
        for (int i = 0; i < count; i++) {
            id.append(ID_CHARACTERS.charAt(RANDOM.nextInt(ID_CHARACTERS.length())));
        }
        return id.toString();
    }

    // ---- one exchange ---------------------------------------------------------------------------------------------

    private void exchange(HttpExchange exchange) throws IOException {
        try {
            String method = exchange.getRequestMethod().toUpperCase(Locale.ROOT);
            String path = exchange.getRequestURI().getPath();
            byte[] body = exchange.getRequestBody().readAllBytes();
            Map<String, String> headers = new HashMap<>();
            exchange.getRequestHeaders().forEach((name, values) -> {
                if (!values.isEmpty()) {
                    headers.put(name.toLowerCase(Locale.ROOT), values.get(0));
                }
            });
            String encoded = "POST".equals(method) ? new String(body, StandardCharsets.UTF_8)
                    : exchange.getRequestURI().getRawQuery();
            Map<String, Object> parameters;
            Answer answer;
            try {
                parameters = FormParameters.decode(encoded);
            } catch (IllegalArgumentException e) {
                parameters = Map.of();
                answer = new Answer(StripeResponse.invalidRequest(null, null, "Invalid request: " + e.getMessage()),
                        newId("req_"), false, null, false);
                record(method, path, headers, parameters, answer);
                write(exchange, answer, headers);
                return;
            }
            synchronized (lock) {
                answer = answer(method, path, parameters, headers);
                record(method, path, headers, parameters, answer);
                Delay delay = takeDelay(method);
                if (delay != null) {
                    answer = answer.delayedBy(delay.delay());
                }
            }
            if (answer.drop()) {
                // Closing before sendResponseHeaders closes the connection: the client reads no status line at all.
                return;
            }
            if (!answer.delay().isZero()) {
                // Outside the lock: other requests are served meanwhile, as by Stripe.
                try {
                    Thread.sleep(answer.delay().toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                try {
                    write(exchange, answer, headers);
                } catch (IOException clientGaveUp) {
                    // Expected: the client's read timeout ended the exchange before the answer.
                }
                return;
            }
            write(exchange, answer, headers);
        } finally {
            exchange.close();
        }
    }

    private void record(String method, String path, Map<String, String> headers, Map<String, Object> parameters,
            Answer answer) {
        synchronized (lock) {
            requests.add(new RecordedRequest(method, path, headers.get("idempotency-key"), parameters,
                    answer.response().status(), answer.replayed(), answer.drop()));
        }
    }

    /** Under the lock: faults, authentication, routing, idempotency, the endpoint, and whether to drop the answer. */
    private Answer answer(String method, String path, Map<String, Object> parameters, Map<String, String> headers) {
        String requestId = newId("req_");
        Fault failure = takeFault(failures, method);
        if (failure != null) {
            return new Answer(injectedFailure(failure.status()), requestId, false, null, false);
        }
        StripeResponse unauthorized = authenticate(headers.get("authorization"));
        if (unauthorized != null) {
            return new Answer(unauthorized, requestId, false, null, false);
        }
        Route route = null;
        Map<String, String> pathParameters = new LinkedHashMap<>();
        for (Route candidate : routes) {
            Matcher matcher = candidate.path().matcher(path);
            if (candidate.method().equals(method) && matcher.matches()) {
                route = candidate;
                for (int i = 0; i < candidate.names().size(); i++) {
                    pathParameters.put(candidate.names().get(i), matcher.group(i + 1));
                }
                break;
            }
        }
        if (route == null) {
            return new Answer(StripeResponse.notFound(null, "Unrecognized request URL (" + method + ": " + path
                    + "). Please see https://stripe.com/docs or we can help at https://support.stripe.com/."),
                    requestId, false, null, false);
        }
        String key = "POST".equals(method) ? headers.get("idempotency-key") : null;
        String fingerprint = method + " " + path + " " + Json.write(sorted(parameters));
        if (key != null) {
            if (key.length() > MAX_IDEMPOTENCY_KEY_LENGTH) {
                return new Answer(StripeResponse.invalidRequest(null, null, "Idempotency keys can be at most "
                        + MAX_IDEMPOTENCY_KEY_LENGTH + " characters long."), requestId, false, null, false);
            }
            StoredResult stored = idempotentResults.get(key);
            if (stored != null && stored.fingerprint().equals(fingerprint)) {
                return new Answer(stored.response(), requestId, true, stored.requestId(), dropThisOne(method));
            }
            if (stored != null) {
                return new Answer(StripeResponse.error(400, "idempotency_error", null, null,
                        "Keys for idempotent requests can only be used with the same parameters they were first used"
                                + " with. Try using a key other than '" + key + "' if you meant to execute a"
                                + " different request."), requestId, false, null, false);
            }
        }
        StripeResponse response;
        try {
            response = route.endpoint().handle(new StripeRequest(method, path, pathParameters, parameters, headers));
        } catch (RuntimeException e) {
            // An endpoint's bug answers as Stripe's own failures do, with the cause for the test's report.
            response = StripeResponse.error(500, "api_error", null, null, "An unknown error occurred: " + e);
        }
        // A card decline began executing (its PaymentIntent exists): Stripe stores it for the key too.
        if (key != null && (response.succeeded() || response.status() == 402)) {
            idempotentResults.put(key, new StoredResult(fingerprint, response, requestId));
        }
        return new Answer(response, requestId, false, null, dropThisOne(method));
    }

    private Delay takeDelay(String method) {
        for (Iterator<Delay> queued = delays.iterator(); queued.hasNext(); ) {
            Delay delay = queued.next();
            if (delay.method() == null || delay.method().equals(method)) {
                queued.remove();
                return delay;
            }
        }
        return null;
    }

    private boolean dropThisOne(String method) {
        return takeFault(drops, method) != null;
    }

    /** Removes and returns the oldest of {@code faults} that applies to a request of {@code method}, or null. */
    private static Fault takeFault(Deque<Fault> faults, String method) {
        for (Iterator<Fault> queued = faults.iterator(); queued.hasNext(); ) {
            Fault fault = queued.next();
            if (fault.appliesTo(method)) {
                queued.remove();
                return fault;
            }
        }
        return null;
    }

    private StripeResponse authenticate(String authorization) {
        String presented = null;
        if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            presented = authorization.substring(7).trim();
        } else if (authorization != null && authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            String decoded = new String(Base64.getDecoder().decode(authorization.substring(6).trim()),
                    StandardCharsets.UTF_8);
            presented = decoded.contains(":") ? decoded.substring(0, decoded.indexOf(':')) : decoded;
        }
        if (presented == null || presented.isEmpty()) {
            return StripeResponse.error(401, "invalid_request_error", null, null,
                    "You did not provide an API key. You need to provide your API key in the Authorization header,"
                            + " using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY').");
        }
        if (!presented.equals(apiKey)) {
            String tail = presented.length() > 4 ? presented.substring(presented.length() - 4) : "";
            return StripeResponse.error(401, "invalid_request_error", null, null,
                    "Invalid API Key provided: " + (presented.startsWith("sk_test_") ? "sk_test_" : "") + "****"
                            + tail);
        }
        return null;
    }

    private static StripeResponse injectedFailure(int status) {
        if (status == 429) {
            return StripeResponse.error(429, "invalid_request_error", "rate_limit", null,
                    "Request rate limit exceeded. Learn more about rate limits here https://stripe.com/docs/rate-limits.");
        }
        if (status >= 500) {
            return StripeResponse.error(status, "api_error", null, null,
                    "An unknown error occurred. Please try again later.");
        }
        return StripeResponse.error(status, "invalid_request_error", null, null, "Request failed with " + status);
    }

    private static void write(HttpExchange exchange, Answer answer, Map<String, String> requestHeaders)
            throws IOException {
        byte[] json = Json.write(answer.response().body()).getBytes(StandardCharsets.UTF_8);
        var headers = exchange.getResponseHeaders();
        headers.set("Content-Type", "application/json");
        headers.set("Request-Id", answer.requestId());
        String version = requestHeaders.get("stripe-version");
        headers.set("Stripe-Version", version == null ? DEFAULT_API_VERSION : version);
        String key = requestHeaders.get("idempotency-key");
        if (key != null) {
            headers.set("Idempotency-Key", key);
        }
        if (answer.replayed()) {
            headers.set("Idempotent-Replayed", "true");
            headers.set("Original-Request", answer.originalRequestId());
        }
        exchange.sendResponseHeaders(answer.response().status(), json.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(json);
        }
    }

    /** Parameters with every map sorted, to compare two requests whatever order their fields came in. */
    @SuppressWarnings("unchecked")
    private static Object sorted(Object value) {
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> sorted = new TreeMap<>();
            ((Map<String, Object>) map).forEach((key, entry) -> sorted.put(key, sorted(entry)));
            return sorted;
        }
        if (value instanceof List<?> list) {
            return list.stream().map(StripeApiServer::sorted).toList();
        }
        return value;
    }
}
