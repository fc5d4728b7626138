package io.coursestream.devstack.binance;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * An order the server created (Binance Pay's order), as it stands now.
 *
 * @param prepayId        Binance's id of the order (digits)
 * @param merchantTradeNo the merchant's id of the order, unique per merchant
 * @param status          {@code INITIAL} until the buyer pays ({@code PAID}), or {@code CANCELED}, {@code EXPIRED}
 * @param currency        the crypto currency the buyer pays in ({@code USDT})
 * @param orderAmount     the amount in {@code currency}
 * @param fiatCurrency    the fiat currency the merchant priced the order in, or null
 * @param fiatAmount      the amount in {@code fiatCurrency}, or null
 * @param description     the order's description
 * @param terminalType    {@code env.terminalType}
 * @param returnUrl       or null
 * @param cancelUrl       or null
 * @param webhookUrl      or null
 * @param passThroughInfo returned as sent in the query and webhooks, or null
 * @param checkoutUrl     the hosted checkout page the buyer pays on
 * @param created         when it was created
 * @param expires         when it expires unpaid
 */
public record BinanceOrder(String prepayId, String merchantTradeNo, String status, String currency,
        BigDecimal orderAmount, String fiatCurrency, BigDecimal fiatAmount, String description, String terminalType,
        String returnUrl, String cancelUrl, String webhookUrl, String passThroughInfo, String checkoutUrl,
        Instant created, Instant expires) {

    BinanceOrder withStatus(String newStatus) {
        return new BinanceOrder(prepayId, merchantTradeNo, newStatus, currency, orderAmount, fiatCurrency, fiatAmount,
                description, terminalType, returnUrl, cancelUrl, webhookUrl, passThroughInfo, checkoutUrl, created,
                expires);
    }
}
