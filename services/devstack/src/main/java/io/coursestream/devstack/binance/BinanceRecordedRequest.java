package io.coursestream.devstack.binance;

/**
 * A request the server received, in order, for assertions.
 *
 * @param path            the path ({@code /binancepay/openapi/v3/order})
 * @param certificateSn   the {@code BinancePay-Certificate-SN} header (the API key), or null
 * @param timestamp       the {@code BinancePay-Timestamp} header, or null
 * @param nonce           the {@code BinancePay-Nonce} header, or null
 * @param signature       the {@code BinancePay-Signature} header, or null
 * @param body            the body as received
 * @param httpStatus      the HTTP status answered, also when the answer was then dropped or came too late
 * @param code            Binance's result code answered ({@code 000000}, {@code 400201}), or null for an injected
 *                        failure
 * @param dropped         true when the connection was closed instead of answering
 */
public record BinanceRecordedRequest(String path, String certificateSn, String timestamp, String nonce,
        String signature, String body, int httpStatus, String code, boolean dropped) {
}
