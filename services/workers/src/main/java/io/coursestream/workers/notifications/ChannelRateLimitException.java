package io.coursestream.workers.notifications;

import java.time.Duration;

import io.coursestream.schemas.notifications.NotificationChannel;

/** A channel's rate limit gave no token within the handler's wait: retriable, the next attempt waits again. */
public class ChannelRateLimitException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public ChannelRateLimitException(NotificationChannel channel, Duration waited) {
        super("no token of the " + channel + " channel's rate limit within " + waited);
    }
}
