package io.coursestream.workers.payments;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.coursestream.schemas.payments.PaymentProvider;
import io.coursestream.workers.ProviderUnavailableException;

/**
 * Binance Pay's merchant API over the JDK's HttpClient: a signed {@code POST} of a JSON body
 * ({@link BinancePaySignature}), answered with {@code {"status":"SUCCESS"|"FAIL","code","data","errorMessage"}}. The
 * client sends each request once (the JDK does not re-send a POST): the job runtime retries.
 */
final class BinancePayClient {

    /** Create order v3. */
    static final String CREATE_ORDER = "/binancepay/openapi/v3/order";
    /** Query order v2. */
    static final String QUERY_ORDER = "/binancepay/openapi/v2/order/query";

    /**
     * Binance's answer to a request.
     *
     * @param httpStatus   the HTTP status
     * @param success      {@code status} was SUCCESS
     * @param code         Binance's result code ({@code 000000}, {@code 400201}), or null
     * @param errorMessage Binance's message of a refusal, or null
     * @param data         {@code data}, or a missing node
     */
    record Response(int httpStatus, boolean success, String code, String errorMessage, JsonNode data) {
    }

    private final ObjectMapper json;
    private final HttpClient http;
    private final URI apiBase;
    private final String apiKey;
    private final String secretKey;
    private final Duration readTimeout;
    private final Clock clock;

    BinancePayClient(ObjectMapper json, URI apiBase, String apiKey, String secretKey, Duration connectTimeout,
            Duration readTimeout, Clock clock) {
        if (!apiBase.isAbsolute() || !("https".equals(apiBase.getScheme()) || "http".equals(apiBase.getScheme()))) {
            throw new IllegalArgumentException("coursestream.payments.binance.api-base must be an absolute http(s)"
                    + " URL: " + apiBase);
        }
        this.json = json;
        this.apiBase = URI.create(apiBase.toString().replaceAll("/+$", ""));
        this.apiKey = apiKey;
        this.secretKey = secretKey;
        this.readTimeout = readTimeout;
        this.clock = clock;
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(connectTimeout)
                .build();
    }

    /**
     * Posts {@code body} to {@code path}, signed, and reads Binance's answer.
     *
     * @throws ProviderUnavailableException when no answer came (unreachable, timed out, cut), or it was a 5xx, 429 or
     *         not
     *                                  Binance's JSON: retriable
     */
    Response post(String path, Object body, String describedAs) {
        String text;
        try {
            text = json.writeValueAsString(body);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write " + body, e);
        }
        String timestamp = Long.toString(clock.millis());
        String nonce = BinancePaySignature.nonce();
        HttpRequest request = HttpRequest.newBuilder(apiBase.resolve(path))
                .timeout(readTimeout)
                .header("Content-Type", "application/json")
                .header("BinancePay-Timestamp", timestamp)
                .header("BinancePay-Nonce", nonce)
                .header("BinancePay-Certificate-SN", apiKey)
                .header("BinancePay-Signature", BinancePaySignature.sign(timestamp, nonce, text, secretKey))
                .POST(HttpRequest.BodyPublishers.ofString(text, StandardCharsets.UTF_8))
                .build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new ProviderUnavailableException(PaymentProvider.BINANCE_PAY, null, null, "Binance Pay " + describedAs
                    + " got no answer: " + e.getClass().getSimpleName() + " - " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProviderUnavailableException(PaymentProvider.BINANCE_PAY, null, null, "Binance Pay " + describedAs
                    + " was interrupted before its answer", e);
        }
        int status = response.statusCode();
        JsonNode answer = null;
        try {
            answer = json.readTree(response.body());
        } catch (IOException e) {
            // Not Binance's JSON: judged by the status below.
        }
        if (status >= 500 || status == 429 || status == 408 || answer == null || !answer.isObject()
                || !answer.hasNonNull("status")) {
            throw new ProviderUnavailableException(PaymentProvider.BINANCE_PAY,
                    answer != null && answer.hasNonNull("code") ? answer.get("code").asText() : null, status,
                    "Binance Pay " + describedAs + " failed: HTTP " + status + " " + abbreviated(response.body()),
                    null);
        }
        return new Response(status, "SUCCESS".equals(answer.get("status").asText()),
                answer.hasNonNull("code") ? answer.get("code").asText() : null,
                answer.hasNonNull("errorMessage") ? answer.get("errorMessage").asText() : null, answer.path("data"));
    }

    private static String abbreviated(String body) {
        return body == null ? "" : body.length() <= 300 ? body : body.substring(0, 300) + "...";
    }
}
