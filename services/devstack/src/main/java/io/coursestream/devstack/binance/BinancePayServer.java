package io.coursestream.devstack.binance;

import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CountDownLatch;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.sun.net.httpserver.HttpExchange;

import io.coursestream.devstack.StackComponent;
import io.coursestream.devstack.json.Json;
import io.coursestream.devstack.json.LoopbackHttp;

/**
 * A local HTTP server that speaks enough of Binance Pay's merchant API for a client pointed at it, so crypto payments
 * run without Binance. JDK only ({@code com.sun.net.httpserver}), on 127.0.0.1 and a free port.
 *
 * <p>What it does as Binance Pay does:
 * <ul>
 *   <li>Signed requests: every request is a {@code POST} of {@code application/json} with the headers
 *       {@code BinancePay-Timestamp} (milliseconds), {@code BinancePay-Nonce} (32 letters and digits),
 *       {@code BinancePay-Certificate-SN} (the API key, {@link #apiKey()}) and {@code BinancePay-Signature}: the
 *       upper-case hex of HMAC-SHA512 with the secret key ({@link #secretKey()}) over
 *       {@code timestamp + "\n" + nonce + "\n" + body + "\n"}, the body exactly as sent ({@link #signature}). A
 *       missing header, an unknown key, a timestamp outside the window or a wrong signature is refused with Binance's
 *       error JSON ({@code {"status":"FAIL","code":"400002","errorMessage":"Signature for this request is not
 *       valid."}}) and nothing is done. Binance documents a window of 1 s; this server allows
 *       {@link #DEFAULT_TIMESTAMP_WINDOW} by default (a loaded test machine), {@link #timestampWindow} sets it.</li>
 *   <li>Create order v3 ({@code POST /binancepay/openapi/v3/order}): {@code env.terminalType},
 *       {@code merchantTradeNo} (letters and digits, at most 32), {@code description}, and {@code currency} with
 *       {@code orderAmount} or {@code fiatCurrency} with {@code fiatAmount} (converted to USDT at a fixed rate of
 *       1 here). A {@code merchantTradeNo} the merchant used before is refused as a duplicate ({@code 400201}),
 *       which is Binance's idempotency. The answer is {@code {"status":"SUCCESS","code":"000000","data":{prepayId,
 *       terminalType, expireTime, qrcodeLink, qrContent, checkoutUrl, deeplink, universalUrl, currency, totalFee,
 *       fiatCurrency, fiatAmount},"errorMessage":""}}; the order is {@code INITIAL} until the buyer pays in the
 *       Binance app ({@link #markPaid}).</li>
 *   <li>Query order v2 ({@code POST /binancepay/openapi/v2/order/query}) by {@code prepayId} or
 *       {@code merchantTradeNo}: the order's status and terms; an unknown order is {@code 400202}.</li>
 * </ul>
 * A refused request answers HTTP 400 with {@code status: FAIL}, Binance's code and message. The codes used:
 * {@code 400001} malformed request, {@code 400002} signature, {@code 400003} timestamp, {@code 400004} API key,
 * {@code 400201} duplicate merchantTradeNo, {@code 400202} order not found.
 *
 * <p>Programmable faults for the tests: {@link #failNextRequests} answers the next requests with an HTTP error before
 * anything is done (a gateway's 5xx, a 429), {@link #refuseNextOrders} refuses the next orders with a Binance code,
 * {@link #dropNextResponses} carries the next requests out and then closes the connection without an answer, and
 * {@link #delayNextResponses} carries them out and answers late. Every request is recorded ({@link #requests()}),
 * every order kept ({@link #orders()}). Requests are handled one at a time. Usage: {@code new
 * BinancePayServer().start()}, {@link #baseUrl()}, {@link #apiKey()}, {@link #secretKey()}, {@link #close()};
 * {@link #main} runs it as a process.
 */
public final class BinancePayServer implements StackComponent {

    /** The path of create order v3. */
    public static final String CREATE_ORDER = "/binancepay/openapi/v3/order";
    /** The path of query order v2. */
    public static final String QUERY_ORDER = "/binancepay/openapi/v2/order/query";
    /** How far a request's timestamp may be from this server's clock by default. */
    public static final Duration DEFAULT_TIMESTAMP_WINDOW = Duration.ofSeconds(5);
    /** The merchant id this server answers with. */
    public static final long MERCHANT_ID = 98765987L;

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String KEY_CHARACTERS = "abcdefghijklmnopqrstuvwxyz0123456789";
    private static final Set<String> TERMINAL_TYPES = Set.of("APP", "WEB", "WAP", "MINI_PROGRAM", "OTHERS");
    private static final Duration ORDER_VALIDITY = Duration.ofHours(1);

    private final String apiKey;
    private final String secretKey;
    private final Clock clock = Clock.systemUTC();
    private final Object lock = new Object();
    private final Map<String, BinanceOrder> ordersByTradeNo = new LinkedHashMap<>();
    private final List<BinanceRecordedRequest> requests = new ArrayList<>();
    private final Deque<Integer> failures = new ArrayDeque<>();
    private final Deque<String[]> refusals = new ArrayDeque<>();
    private final Deque<Duration> delays = new ArrayDeque<>();
    private int drops;
    private Duration timestampWindow = DEFAULT_TIMESTAMP_WINDOW;
    private final LoopbackHttp http = new LoopbackHttp();

    /** What a request is answered with, and how. */
    private record Answer(int status, Map<String, Object> body, String code, boolean drop, Duration delay) {

        static Answer success(Object data) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("status", "SUCCESS");
            body.put("code", "000000");
            body.put("data", data);
            body.put("errorMessage", "");
            return new Answer(200, body, "000000", false, Duration.ZERO);
        }

        static Answer fail(String code, String message) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("status", "FAIL");
            body.put("code", code);
            body.put("errorMessage", message);
            return new Answer(400, body, code, false, Duration.ZERO);
        }

        Answer dropped() {
            return new Answer(status, body, code, true, delay);
        }

        Answer delayedBy(Duration by) {
            return new Answer(status, body, code, drop, by);
        }
    }

    /** A server with a random API key and secret key. */
    public BinancePayServer() {
        this(randomChars(64), randomChars(64));
    }

    /** A server accepting {@code apiKey} with requests signed by {@code secretKey}. */
    public BinancePayServer(String apiKey, String secretKey) {
        if (apiKey == null || apiKey.isBlank() || secretKey == null || secretKey.isBlank()) {
            throw new IllegalArgumentException("an API key and a secret key are required");
        }
        this.apiKey = apiKey;
        this.secretKey = secretKey;
    }

    /** Starts on 127.0.0.1 and a free port. */
    public BinancePayServer start() {
        return start(0);
    }

    /** Starts on 127.0.0.1 and {@code port} (0: a free one). */
    public BinancePayServer start(int port) {
        http.start(port, "binance-pay-server", this::exchange);
        return this;
    }

    /** {@code http://127.0.0.1:<port>}, where a client's API base points. */
    public String baseUrl() {
        return http.baseUrl();
    }

    /** The API key ({@code BinancePay-Certificate-SN}) requests must carry. */
    public String apiKey() {
        return apiKey;
    }

    /** The secret key requests must be signed with. */
    public String secretKey() {
        return secretKey;
    }

    /** How far a request's timestamp may be from this server's clock, either way. */
    public BinancePayServer timestampWindow(Duration window) {
        synchronized (lock) {
            timestampWindow = window;
        }
        return this;
    }

    /** The next {@code count} requests are answered with HTTP {@code status} (4xx, 5xx) before anything is done. */
    public BinancePayServer failNextRequests(int count, int status) {
        if (status < 400 || status > 599) {
            throw new IllegalArgumentException("a failure status is 4xx or 5xx: " + status);
        }
        synchronized (lock) {
            for (int i = 0; i < count; i++) {
                failures.add(status);
            }
        }
        return this;
    }

    /** The next {@code count} well-formed, correctly signed orders are refused with Binance's {@code code}. */
    public BinancePayServer refuseNextOrders(int count, String code, String message) {
        synchronized (lock) {
            for (int i = 0; i < count; i++) {
                refusals.add(new String[] {code, message});
            }
        }
        return this;
    }

    /** The next {@code count} requests are carried out and recorded, then the connection is closed unanswered. */
    public BinancePayServer dropNextResponses(int count) {
        synchronized (lock) {
            drops += count;
        }
        return this;
    }

    /** The next {@code count} requests are carried out and recorded, and answered after {@code delay}. */
    public BinancePayServer delayNextResponses(int count, Duration delay) {
        synchronized (lock) {
            for (int i = 0; i < count; i++) {
                delays.add(delay);
            }
        }
        return this;
    }

    /** The buyer paid the order in the Binance app: it is {@code PAID} from now on. */
    public BinancePayServer markPaid(String merchantTradeNo) {
        return setStatus(merchantTradeNo, "PAID");
    }

    /** The order reached {@code status} ({@code PAID}, {@code CANCELED}, {@code EXPIRED}, ...). */
    public BinancePayServer setStatus(String merchantTradeNo, String status) {
        synchronized (lock) {
            BinanceOrder order = ordersByTradeNo.get(merchantTradeNo);
            if (order == null) {
                throw new IllegalArgumentException("no order " + merchantTradeNo);
            }
            ordersByTradeNo.put(merchantTradeNo, order.withStatus(status));
        }
        return this;
    }

    /** Every order created, oldest first, as it stands now. */
    public List<BinanceOrder> orders() {
        synchronized (lock) {
            return List.copyOf(ordersByTradeNo.values());
        }
    }

    /** Every request received, in order. */
    public List<BinanceRecordedRequest> requests() {
        synchronized (lock) {
            return List.copyOf(requests);
        }
    }

    @Override
    public String name() {
        return "binance-pay";
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
     * Binance Pay's request signature: the upper-case hex of HMAC-SHA512 with {@code secretKey} over
     * {@code timestamp + "\n" + nonce + "\n" + body + "\n"}, all UTF-8.
     */
    public static String signature(String timestamp, String nonce, String body, String secretKey) {
        try {
            Mac mac = Mac.getInstance("HmacSHA512");
            mac.init(new SecretKeySpec(secretKey.getBytes(StandardCharsets.UTF_8), "HmacSHA512"));
            byte[] digest = mac.doFinal((timestamp + "\n" + nonce + "\n" + body + "\n")
                    .getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().withUpperCase().formatHex(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA512 is part of every JDK", e);
        }
    }

    /**
     * Runs the server as a process until it is stopped: {@code --port=<port>} (default 0, a free one),
     * {@code --api-key=<key>} and {@code --secret-key=<key>} (default random ones).
     */
    public static void main(String[] args) throws InterruptedException {
        int port = 0;
        String key = null;
        String secret = null;
        for (String arg : args) {
            if (arg.startsWith("--port=")) {
                port = Integer.parseInt(arg.substring("--port=".length()));
            } else if (arg.startsWith("--api-key=")) {
                key = arg.substring("--api-key=".length());
            } else if (arg.startsWith("--secret-key=")) {
                secret = arg.substring("--secret-key=".length());
            } else {
                throw new IllegalArgumentException("unknown argument " + arg
                        + "; use --port=<port> --api-key=<key> --secret-key=<key>");
            }
        }
        BinancePayServer server = new BinancePayServer(key == null ? randomChars(64) : key,
                secret == null ? randomChars(64) : secret);
        server.start(port);
        Runtime.getRuntime().addShutdownHook(new Thread(server::close, "binance-pay-server-shutdown"));
        new CountDownLatch(1).await();
    }

    private static String randomChars(int count) {
        StringBuilder id = new StringBuilder(count);
        for (int i = 0; i < count; i++) {
            id.append(KEY_CHARACTERS.charAt(RANDOM.nextInt(KEY_CHARACTERS.length())));
        }
        return id.toString();
    }

    private static String randomDigits(int count) {
        StringBuilder digits = new StringBuilder(count);
        digits.append(1 + RANDOM.nextInt(9));
        for (int i = 1; i < count; i++) {
            digits.append(RANDOM.nextInt(10));
        }
        return digits.toString();
    }

    // ---- one exchange ---------------------------------------------------------------------------------------------

    private void exchange(HttpExchange exchange) throws IOException {
        try {
            String path = exchange.getRequestURI().getPath();
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            var headers = exchange.getRequestHeaders();
            String timestamp = headers.getFirst("BinancePay-Timestamp");
            String nonce = headers.getFirst("BinancePay-Nonce");
            String certificateSn = headers.getFirst("BinancePay-Certificate-SN");
            String signature = headers.getFirst("BinancePay-Signature");
            Answer answer;
            synchronized (lock) {
                answer = answer(exchange.getRequestMethod(), headers.getFirst("Content-Type"), path, body, timestamp,
                        nonce, certificateSn, signature);
                requests.add(new BinanceRecordedRequest(path, certificateSn, timestamp, nonce, signature, body,
                        answer.status(), answer.code(), answer.drop()));
            }
            if (answer.drop()) {
                // Closing before sendResponseHeaders closes the connection: the client reads no status line at all.
                return;
            }
            if (!answer.delay().isZero()) {
                try {
                    Thread.sleep(answer.delay().toMillis());
                    write(exchange, answer);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } catch (IOException clientGaveUp) {
                    // Expected: the client's timeout ended the exchange before the answer.
                }
                return;
            }
            write(exchange, answer);
        } finally {
            exchange.close();
        }
    }

    /** Under the lock: faults, the protocol checks, the operation, and how to answer. */
    private Answer answer(String method, String contentType, String path, String body, String timestamp,
            String nonce, String certificateSn, String signature) {
        Integer failure = failures.poll();
        if (failure != null) {
            Map<String, Object> error = new LinkedHashMap<>();
            error.put("status", "FAIL");
            error.put("code", "000001");
            error.put("errorMessage", failure == 429 ? "Too many requests." : "System busy, please try again later.");
            return new Answer(failure, error, null, false, Duration.ZERO);
        }
        Answer answer = checked(method, contentType, path, body, timestamp, nonce, certificateSn, signature);
        if ("000000".equals(answer.code())) {
            if (drops > 0) {
                drops--;
                return answer.dropped();
            }
            Duration delay = delays.poll();
            if (delay != null) {
                return answer.delayedBy(delay);
            }
        }
        return answer;
    }

    private Answer checked(String method, String contentType, String path, String body, String timestamp,
            String nonce, String certificateSn, String signature) {
        if (!"POST".equalsIgnoreCase(method) || contentType == null
                || !contentType.toLowerCase(Locale.ROOT).startsWith("application/json")) {
            Map<String, Object> error = new LinkedHashMap<>();
            error.put("status", "ERROR");
            error.put("type", "SYS");
            error.put("code", "100001001");
            error.put("errorData", "System abnormality");
            return new Answer(400, error, "100001001", false, Duration.ZERO);
        }
        if (timestamp == null || nonce == null || certificateSn == null || signature == null) {
            return Answer.fail("400001", "Mandatory header missing: BinancePay-Timestamp, BinancePay-Nonce,"
                    + " BinancePay-Certificate-SN and BinancePay-Signature are required.");
        }
        if (!MessageDigest.isEqual(certificateSn.getBytes(StandardCharsets.UTF_8),
                apiKey.getBytes(StandardCharsets.UTF_8))) {
            return Answer.fail("400004", "API identity key not found or invalid.");
        }
        long sentAt;
        try {
            sentAt = Long.parseLong(timestamp);
        } catch (NumberFormatException e) {
            return Answer.fail("400003", "Timestamp for this request is outside of the time window.");
        }
        if (Math.abs(clock.millis() - sentAt) > timestampWindow.toMillis()) {
            return Answer.fail("400003", "Timestamp for this request is outside of the time window.");
        }
        if (!nonce.matches("[A-Za-z0-9]{32}")) {
            return Answer.fail("400001", "BinancePay-Nonce must be 32 letters or digits.");
        }
        String expected = signature(timestamp, nonce, body, secretKey);
        if (!MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8),
                signature.getBytes(StandardCharsets.UTF_8))) {
            return Answer.fail("400002", "Signature for this request is not valid.");
        }
        Map<String, Object> request;
        try {
            Object parsed = Json.read(body);
            if (!(parsed instanceof Map<?, ?>)) {
                return Answer.fail("400001", "The request body must be a JSON object.");
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> object = (Map<String, Object>) parsed;
            request = object;
        } catch (IllegalArgumentException e) {
            return Answer.fail("400001", "Malformed request body: " + e.getMessage());
        }
        return switch (path) {
            case CREATE_ORDER -> create(request);
            case QUERY_ORDER -> query(request);
            default -> new Answer(404, Map.of("status", "FAIL", "code", "404", "errorMessage",
                    "No such API: " + path), "404", false, Duration.ZERO);
        };
    }

    private Answer create(Map<String, Object> request) {
        String terminalType = request.get("env") instanceof Map<?, ?> env ? text(env.get("terminalType")) : null;
        if (terminalType == null || !TERMINAL_TYPES.contains(terminalType)) {
            return Answer.fail("400001", "env.terminalType must be one of " + TERMINAL_TYPES + ".");
        }
        String tradeNo = text(request.get("merchantTradeNo"));
        if (tradeNo == null || !tradeNo.matches("[A-Za-z0-9]{1,32}")) {
            return Answer.fail("400001", "merchantTradeNo must be 1-32 letters or digits.");
        }
        String description = text(request.get("description"));
        if (description == null || description.isBlank() || description.length() > 256) {
            return Answer.fail("400001", "description is mandatory, at most 256 characters.");
        }
        String currency = text(request.get("currency"));
        BigDecimal orderAmount = decimal(request.get("orderAmount"));
        String fiatCurrency = text(request.get("fiatCurrency"));
        BigDecimal fiatAmount = decimal(request.get("fiatAmount"));
        if (fiatCurrency != null) {
            if (!fiatCurrency.matches("[A-Z]{3}") || fiatAmount == null || !validAmount(fiatAmount)) {
                return Answer.fail("400001", "fiatCurrency must be upper case with a fiatAmount of at least"
                        + " 0.00000001 and at most 8 decimals.");
            }
            currency = "USDT";
            orderAmount = fiatAmount;
        } else if (currency == null || !currency.matches("[A-Z0-9]{2,10}") || orderAmount == null
                || !validAmount(orderAmount)) {
            return Answer.fail("400001", "currency (upper case) with orderAmount, or fiatCurrency with fiatAmount,"
                    + " is mandatory; amounts at least 0.00000001 with at most 8 decimals.");
        }
        if (ordersByTradeNo.containsKey(tradeNo)) {
            return Answer.fail("400201", "merchantTradeNo is invalid or duplicated.");
        }
        String[] refusal = refusals.poll();
        if (refusal != null) {
            return Answer.fail(refusal[0], refusal[1]);
        }
        Instant created = Instant.ofEpochMilli(clock.millis());
        String token = randomChars(32);
        BinanceOrder order = new BinanceOrder(randomDigits(19), tradeNo, "INITIAL", currency, orderAmount,
                fiatCurrency, fiatAmount, description, terminalType, text(request.get("returnUrl")),
                text(request.get("cancelUrl")), text(request.get("webhookUrl")),
                text(request.get("passThroughInfo")), "https://pay.binance.com/en/checkout/" + token, created,
                created.plus(ORDER_VALIDITY));
        ordersByTradeNo.put(tradeNo, order);
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("prepayId", order.prepayId());
        data.put("terminalType", terminalType);
        data.put("expireTime", order.expires().toEpochMilli());
        data.put("qrcodeLink", "https://public.bnbstatic.com/static/payment/" + token + ".jpg");
        data.put("qrContent", "https://app.binance.com/qr/dplk" + token);
        data.put("checkoutUrl", order.checkoutUrl());
        data.put("deeplink", "bnc://app.binance.com/payment/secpay?tempToken=" + token);
        data.put("universalUrl", "https://app.binance.com/payment/secpay?linkToken=" + token + "&_dp=" + token);
        data.put("currency", currency);
        data.put("totalFee", orderAmount.toPlainString());
        data.put("fiatCurrency", fiatCurrency);
        data.put("fiatAmount", fiatAmount == null ? null : fiatAmount.toPlainString());
        return Answer.success(data);
    }

    private Answer query(Map<String, Object> request) {
        String prepayId = text(request.get("prepayId"));
        String tradeNo = text(request.get("merchantTradeNo"));
        if (prepayId == null && tradeNo == null) {
            return Answer.fail("400001", "prepayId or merchantTradeNo is mandatory.");
        }
        BinanceOrder order = null;
        for (BinanceOrder candidate : ordersByTradeNo.values()) {
            if (prepayId != null ? prepayId.equals(candidate.prepayId()) : tradeNo.equals(candidate.merchantTradeNo())) {
                order = candidate;
            }
        }
        if (order == null) {
            return Answer.fail("400202", "Order not found.");
        }
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("merchantId", MERCHANT_ID);
        data.put("prepayId", order.prepayId());
        data.put("transactionId", "PAID".equals(order.status()) ? "M_P_" + order.prepayId() : null);
        data.put("merchantTradeNo", order.merchantTradeNo());
        data.put("status", order.status());
        data.put("currency", order.currency());
        data.put("orderAmount", order.orderAmount().toPlainString());
        data.put("openUserId", "PAID".equals(order.status()) ? "1dbed2a40ec4ba6c0ac2a5ba1b0e1d4c" : null);
        data.put("passThroughInfo", order.passThroughInfo());
        data.put("transactTime", "PAID".equals(order.status()) ? clock.millis() : null);
        data.put("createTime", order.created().toEpochMilli());
        return Answer.success(data);
    }

    private static String text(Object value) {
        return value instanceof String text ? text : null;
    }

    private static BigDecimal decimal(Object value) {
        if (value instanceof BigDecimal decimal) {
            return decimal;
        }
        if (value instanceof String text) {
            try {
                return new BigDecimal(text);
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }

    private static boolean validAmount(BigDecimal amount) {
        return amount.compareTo(new BigDecimal("0.00000001")) >= 0 && amount.stripTrailingZeros().scale() <= 8;
    }

    private static void write(HttpExchange exchange, Answer answer) throws IOException {
        byte[] json = Json.write(answer.body()).getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(answer.status(), json.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(json);
        }
    }
}
