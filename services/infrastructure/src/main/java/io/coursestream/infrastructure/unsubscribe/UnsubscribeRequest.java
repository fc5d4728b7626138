package io.coursestream.infrastructure.unsubscribe;

import java.time.Instant;
import java.util.Objects;

/**
 * What a verified unsubscribe token says: this user no longer wants mail of this category.
 *
 * @param userId    the user the link was sent to
 * @param category  the notification category the link unsubscribes from (the {@code NotificationCategory} name)
 * @param expiresAt after this instant the link is refused
 */
public record UnsubscribeRequest(String userId, String category, Instant expiresAt) {

    public UnsubscribeRequest {
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(category, "category");
        Objects.requireNonNull(expiresAt, "expiresAt");
        if (userId.isEmpty()) {
            throw new IllegalArgumentException("userId must not be empty");
        }
        if (!category.matches("[A-Z][A-Z0-9_]*")) {
            throw new IllegalArgumentException("category " + category + " is not an enum symbol (A-Z, 0-9, _)");
        }
    }
}
