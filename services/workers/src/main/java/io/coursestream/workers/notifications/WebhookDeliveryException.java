package io.coursestream.workers.notifications;

/**
 * A webhook receiver did not take a notification: it answered with a status other than 2xx. Retriable as such; the
 * handler wraps it in a {@link io.coursestream.workers.FatalJobException} for statuses no retry can change.
 */
public class WebhookDeliveryException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int status;

    public WebhookDeliveryException(String url, int status) {
        super("webhook " + url + " answered HTTP " + status);
        this.status = status;
    }

    /** The HTTP status the receiver answered. */
    public int status() {
        return status;
    }
}
