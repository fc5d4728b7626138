package io.coursestream.workers.notifications;

import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Locale;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.coursestream.schemas.notifications.BounceType;

/**
 * A bounce or complaint report as a mail provider posts it to {@code /webhooks/mail-bounces}:
 * <pre>{"email", "type": "HARD"|"SOFT"|"COMPLAINT", "userId"?, "notificationId"?, "campaignId"?, "messageId"?,
 *  "diagnosticCode"?, "reportedBy", "bouncedAt": ISO-8601 instant}</pre>
 *
 * @param email the address, lower-cased
 */
public record BounceReport(String email, BounceType type, String userId, String notificationId, String campaignId,
        String messageId, String diagnosticCode, String reportedBy, Instant bouncedAt) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** A report that cannot be taken, with the field at fault. */
    public static final class InvalidBounceReportException extends Exception {

        private static final long serialVersionUID = 1L;

        private final String field;

        InvalidBounceReportException(String field, String message) {
            super(message);
            this.field = field;
        }

        /** The field at fault; null when the body is not a JSON object at all. */
        public String field() {
            return field;
        }
    }

    /** HARD bounces and complaints put the address on the suppression list. */
    public boolean suppresses() {
        return type == BounceType.HARD || type == BounceType.COMPLAINT;
    }

    /**
     * Reads and checks a report.
     *
     * @throws InvalidBounceReportException naming the first field that is missing or wrong
     */
    public static BounceReport parse(byte[] body) throws InvalidBounceReportException {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (IOException e) {
            throw new InvalidBounceReportException(null, "the body is not JSON");
        }
        if (root == null || !root.isObject()) {
            throw new InvalidBounceReportException(null, "the body is not a JSON object");
        }
        String email = required(root, "email").toLowerCase(Locale.ROOT);
        int at = email.indexOf('@');
        if (at <= 0 || at != email.lastIndexOf('@') || at == email.length() - 1 || email.chars().anyMatch(
                c -> Character.isWhitespace(c) || Character.isISOControl(c))) {
            throw new InvalidBounceReportException("email", "email is not an e-mail address");
        }
        String typeName = required(root, "type").toUpperCase(Locale.ROOT);
        BounceType type;
        try {
            type = BounceType.valueOf(typeName);
        } catch (IllegalArgumentException e) {
            type = BounceType.UNKNOWN;
        }
        if (type == BounceType.UNKNOWN) {
            throw new InvalidBounceReportException("type", "type must be HARD, SOFT or COMPLAINT");
        }
        String reportedBy = required(root, "reportedBy");
        Instant bouncedAt;
        try {
            bouncedAt = Instant.parse(required(root, "bouncedAt"));
        } catch (DateTimeParseException e) {
            throw new InvalidBounceReportException("bouncedAt", "bouncedAt must be an ISO-8601 instant"
                    + " (2026-11-28T22:00:00Z)");
        }
        return new BounceReport(email, type, optional(root, "userId"), optional(root, "notificationId"),
                optional(root, "campaignId"), optional(root, "messageId"), optional(root, "diagnosticCode"),
                reportedBy, bouncedAt);
    }

    private static String required(JsonNode root, String field) throws InvalidBounceReportException {
        String value = optional(root, field);
        if (value == null) {
            throw new InvalidBounceReportException(field, field + " is required");
        }
        return value;
    }

    /** The field's text, stripped; null when absent, null or blank. */
    private static String optional(JsonNode root, String field) throws InvalidBounceReportException {
        JsonNode node = root.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual()) {
            throw new InvalidBounceReportException(field, field + " must be a string");
        }
        String value = node.textValue().strip();
        return value.isEmpty() ? null : value;
    }
}
