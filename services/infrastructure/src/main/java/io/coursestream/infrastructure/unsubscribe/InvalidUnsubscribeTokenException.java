package io.coursestream.infrastructure.unsubscribe;

/** A token that is malformed, not signed with this secret, or expired: the unsubscribe is refused. */
public class InvalidUnsubscribeTokenException extends Exception {

    private static final long serialVersionUID = 1L;

    /** Why the token was refused. */
    public enum Reason { MALFORMED, BAD_SIGNATURE, EXPIRED }

    private final Reason reason;

    InvalidUnsubscribeTokenException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
