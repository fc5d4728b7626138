// Tier: unit (reading and checking bounce reports, no Quarkus)
package io.coursestream.workers.notifications;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import io.coursestream.schemas.notifications.BounceType;

class BounceReportTest {

    @Test
    void shouldReadAFullReportLowerCasingTheAddress() throws Exception {
        BounceReport report = parse("{\"email\":\" Jana@Example.ORG \",\"type\":\"complaint\",\"userId\":\"user-1\","
                + "\"notificationId\":\"n-1\",\"campaignId\":\"c-1\",\"messageId\":\"<m@x>\","
                + "\"diagnosticCode\":\"abuse\",\"reportedBy\":\"relay\",\"bouncedAt\":\"2026-11-28T22:00:00Z\"}");

        assertThat(report).isEqualTo(new BounceReport("jana@example.org", BounceType.COMPLAINT, "user-1", "n-1",
                "c-1", "<m@x>", "abuse", "relay", Instant.parse("2026-11-28T22:00:00Z")));
        assertThat(report.suppresses()).isTrue();
    }

    @Test
    void shouldSuppressOnlyForHardBouncesAndComplaints() throws Exception {
        assertThat(parse(minimal("HARD")).suppresses()).isTrue();
        assertThat(parse(minimal("SOFT")).suppresses()).isFalse();
        assertThat(parse(minimal("SOFT")).userId()).isNull();
    }

    @Test
    void shouldNameTheFieldAtFault() {
        assertField("{\"type\":\"HARD\",\"reportedBy\":\"r\",\"bouncedAt\":\"2026-11-28T22:00:00Z\"}", "email",
                "email is required");
        assertField(minimal("HARD").replace("a@example.org", "not-an-address"), "email",
                "email is not an e-mail address");
        assertField(minimal("HARD").replace("a@example.org", "a b@example.org"), "email",
                "email is not an e-mail address");
        assertField(minimal("BOUNCY"), "type", "type must be HARD, SOFT or COMPLAINT");
        assertField(minimal("UNKNOWN"), "type", "type must be HARD, SOFT or COMPLAINT");
        assertField(minimal("HARD").replace("\"reportedBy\":\"relay\"", "\"reportedBy\":\" \""), "reportedBy",
                "reportedBy is required");
        assertField(minimal("HARD").replace("2026-11-28T22:00:00Z", "yesterday"), "bouncedAt",
                "bouncedAt must be an ISO-8601 instant (2026-11-28T22:00:00Z)");
        assertField(minimal("HARD").replace("}", ",\"userId\":42}"), "userId", "userId must be a string");
    }

    @Test
    void shouldRefuseABodyThatIsNotAJsonObject() {
        assertThatThrownBy(() -> parse("not json")).hasMessage("the body is not JSON");
        assertThatThrownBy(() -> parse("[1,2]")).hasMessage("the body is not a JSON object");
        assertThatThrownBy(() -> parse("")).hasMessage("the body is not a JSON object");
    }

    private static String minimal(String type) {
        return "{\"email\":\"a@example.org\",\"type\":\"" + type + "\",\"reportedBy\":\"relay\","
                + "\"bouncedAt\":\"2026-11-28T22:00:00Z\"}";
    }

    private static void assertField(String json, String field, String message) {
        assertThatThrownBy(() -> parse(json))
                .isInstanceOfSatisfying(BounceReport.InvalidBounceReportException.class,
                        e -> assertThat(e.field()).isEqualTo(field))
                .hasMessage(message);
    }

    private static BounceReport parse(String json) throws BounceReport.InvalidBounceReportException {
        return BounceReport.parse(json.getBytes(StandardCharsets.UTF_8));
    }
}
