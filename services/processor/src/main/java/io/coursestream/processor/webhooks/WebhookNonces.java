package io.coursestream.processor.webhooks;

import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;

/**
 * The nonces of the signed webhooks this instance accepted within the signature window: a request whose nonce is
 * here is a replay. Older ones need no memory, their timestamps are refused. Per instance: a replay sent to another
 * instance is caught by the provider event id, which the payment topology remembers for days.
 */
final class WebhookNonces {

    private final Duration window;
    private final LinkedHashMap<String, Instant> seen = new LinkedHashMap<>();

    WebhookNonces(Duration window) {
        this.window = window;
    }

    /** Remembers {@code nonce} at {@code now}; false if it was seen within the window (a replay). */
    synchronized boolean firstUse(String nonce, Instant now) {
        Instant cutoff = now.minus(window);
        Iterator<Instant> oldest = seen.values().iterator();
        while (oldest.hasNext() && oldest.next().isBefore(cutoff)) {
            oldest.remove();
        }
        return seen.putIfAbsent(nonce, now) == null;
    }
}
