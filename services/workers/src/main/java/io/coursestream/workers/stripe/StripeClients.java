package io.coursestream.workers.stripe;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;

import com.stripe.StripeClient;

/** The Stripe SDK client of a {@link StripeSettings}: none without a key. */
public final class StripeClients {

    private StripeClients() {
    }

    /**
     * @param prefix the settings' configuration prefix, for messages ({@code coursestream.payouts.stripe})
     * @throws IllegalArgumentException if the API base is not an absolute http(s) URL
     */
    public static Optional<StripeClient> of(StripeSettings settings, String prefix) {
        return settings.apiKey().filter(key -> !key.isBlank()).map(key -> client(key, settings, prefix));
    }

    private static StripeClient client(String apiKey, StripeSettings settings, String prefix) {
        URI base = settings.apiBase();
        if (!base.isAbsolute() || !("https".equals(base.getScheme()) || "http".equals(base.getScheme()))) {
            throw new IllegalArgumentException(prefix + ".api-base must be an absolute http(s) URL: " + base);
        }
        return StripeClient.builder()
                .setApiKey(apiKey)
                .setApiBase(base.toString().replaceAll("/+$", ""))
                .setConnectTimeout(millis(settings.connectTimeout()))
                .setReadTimeout(millis(settings.readTimeout()))
                .setMaxNetworkRetries(settings.maxNetworkRetries())
                .build();
    }

    private static int millis(Duration duration) {
        return (int) Math.min(Integer.MAX_VALUE, duration.toMillis());
    }
}
