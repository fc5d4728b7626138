package io.coursestream.processor.webhooks;

/** A provider webhook that must not be published: forged, stale, replayed or unreadable. Answered 400 with the reason. */
public class WebhookRejectedException extends RuntimeException {

    public WebhookRejectedException(String reason) {
        super(reason);
    }

    public WebhookRejectedException(String reason, Throwable cause) {
        super(reason, cause);
    }
}
