package io.coursestream.workers.notifications;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.coursestream.workers.FatalJobException;

/**
 * Posts the WEBHOOK channel's JSON documents (java.net.http), signed with {@link WebhookSignatures} under
 * {@code coursestream.notifications.webhook-secret}, within {@code coursestream.notifications.webhook-timeout}.
 * 2xx is delivered; a 4xx is the receiver refusing this document, which no retry changes (fatal), except 408 and 429,
 * which ask to come back later; 5xx, a timeout or a broken connection are retriable. The notificationId goes along
 * as {@code Idempotency-Key}, so a receiver can drop a repeated post.
 */
@ApplicationScoped
public class WebhookClient {

    private final Optional<WebhookSignatures> signatures;
    private final Duration timeout;
    private final Clock clock;
    private final HttpClient http;

    @Inject
    WebhookClient(NotificationsConfig config, Clock clock) {
        // A secret too short fails the start here, not the first webhook.
        this.signatures = config.webhookSecret()
                .map(secret -> new WebhookSignatures(secret, "coursestream.notifications.webhook-secret"));
        this.timeout = config.webhookTimeout();
        this.clock = clock;
        this.http = HttpClient.newBuilder()
                .connectTimeout(timeout)
                // A receiver's redirect could point anywhere: not followed, its 3xx fails the attempt.
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /**
     * The receiver's address: an absolute http or https URL.
     *
     * @throws FatalJobException for anything else
     */
    static URI target(String url) {
        if (url == null || url.isBlank()) {
            throw new FatalJobException("a WEBHOOK notification needs templateParams[\"webhookUrl\"]");
        }
        URI uri;
        try {
            uri = URI.create(url.strip());
        } catch (IllegalArgumentException e) {
            throw new FatalJobException("webhookUrl " + url + " is not a URL", e);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
            throw new FatalJobException("webhookUrl " + url + " is not an absolute http(s) URL");
        }
        return uri;
    }

    /**
     * Posts {@code body} to {@code target}; returns the 2xx status.
     *
     * @throws FatalJobException        when no secret is configured, or the receiver refused the document (4xx)
     * @throws WebhookDeliveryException for other statuses (retriable)
     * @throws UncheckedIOException     when the request failed or timed out (retriable)
     */
    public int post(URI target, byte[] body, String notificationId) throws InterruptedException {
        WebhookSignatures signer = signatures.orElseThrow(() -> new FatalJobException(
                "coursestream.notifications.webhook-secret is not set: a WEBHOOK notification cannot be signed"));
        HttpRequest request = HttpRequest.newBuilder(target)
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .header(WebhookSignatures.HEADER, signer.sign(body, clock.instant()))
                .header("Idempotency-Key", notificationId)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        HttpResponse<Void> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.discarding());
        } catch (IOException e) {
            throw new UncheckedIOException("webhook " + target + " not reached: " + e, e);
        }
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
            return status;
        }
        WebhookDeliveryException refused = new WebhookDeliveryException(target.toString(), status);
        if (status >= 400 && status < 500 && status != 408 && status != 429) {
            throw new FatalJobException(refused.getMessage() + ": the receiver refused it", refused);
        }
        throw refused;
    }
}
