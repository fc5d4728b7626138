package io.coursestream.topology.validation;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.function.BiPredicate;
import java.util.function.Predicate;

import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;

/**
 * A check on one field's value, named so rule tables read as data and violations name what failed.
 * Each check states the Avro types it applies to; the rule book refuses a check on a field it cannot apply to.
 */
public enum FieldCheck {

    NON_BLANK("a non-blank string", Kind.TEXT, text(value -> !value.isBlank())),
    UUID("a UUID (8-4-4-4-12 hex digits)", Kind.TEXT, text(Formats::isUuid)),
    EMAIL("an e-mail address", Kind.TEXT, text(Formats::isEmail)),
    CURRENCY_CODE("an ISO 4217 currency code", Kind.TEXT, text(Formats::isCurrencyCode)),
    COUNTRY_CODE("an ISO 3166-1 alpha-2 country code", Kind.TEXT, text(Formats::isCountryCode)),
    LANGUAGE_TAG("a BCP 47 language tag", Kind.TEXT, text(Formats::isLanguageTag)),
    TIME_ZONE("an IANA time-zone id", Kind.TEXT, text(Formats::isTimeZone)),
    IP_ADDRESS("an IPv4 or IPv6 address", Kind.TEXT, text(Formats::isIpAddress)),
    SHA256_HEX("a SHA-256 digest as 64 lower-case hex digits", Kind.TEXT, text(Formats::isSha256Hex)),
    MEDIA_TYPE("a media type (type/subtype)", Kind.TEXT, text(Formats::isMediaType)),
    HTTP_URL("an absolute http(s) URL", Kind.TEXT, text(Formats::isHttpUrl)),
    POSITIVE("greater than zero", Kind.NUMBER, number(value -> value > 0)),
    NON_NEGATIVE("zero or more", Kind.NUMBER, number(value -> value >= 0)),
    NOT_EMPTY("not empty", Kind.COLLECTION, (value, arrival) -> !isEmptyCollection(value)),
    /** The field holds the aggregate id the topic is keyed by, so it must equal the record key. */
    RECORD_KEY("equal to the record key", Kind.TEXT, (value, arrival) -> value.toString().equals(arrival.key())),
    /**
     * An event cannot have happened before the platform existed, nor (beyond clock skew) after it was
     * written to Kafka; measured against the record timestamp, never the wall clock.
     */
    PLAUSIBLE_INSTANT("after " + Plausible.EARLIEST + " and at most " + Plausible.MAX_CLOCK_SKEW.toMinutes() + " minutes"
            + " after the record timestamp", Kind.INSTANT, FieldCheck::isPlausibleInstant);

    private final String expectation;
    private final Kind kind;
    private final BiPredicate<Object, Arrival> test;

    FieldCheck(String expectation, Kind kind, BiPredicate<Object, Arrival> test) {
        this.expectation = expectation;
        this.kind = kind;
        this.test = test;
    }

    /** What the value must be, as a phrase for violation messages ("an ISO 4217 currency code"). */
    public String expectation() {
        return expectation;
    }

    /** True when {@code value} (never null: absent optional fields are not checked) passes. */
    public boolean accepts(Object value, Arrival arrival) {
        return test.test(value, arrival);
    }

    /** The rule id part of the check, as it appears in violation messages: {@code currency-code}. */
    public String id() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }

    /** True when this check can be applied to a field of the given (non-null) schema. */
    public boolean appliesTo(Schema fieldSchema) {
        return kind.matches(fieldSchema);
    }

    private static BiPredicate<Object, Arrival> text(Predicate<String> test) {
        return (value, arrival) -> test.test(value.toString());
    }

    private static BiPredicate<Object, Arrival> number(Predicate<Long> test) {
        return (value, arrival) -> test.test(((Number) value).longValue());
    }

    private static boolean isEmptyCollection(Object value) {
        return value instanceof Collection<?> collection ? collection.isEmpty() : ((Map<?, ?>) value).isEmpty();
    }

    private static boolean isPlausibleInstant(Object value, Arrival arrival) {
        Instant instant = value instanceof Instant given ? given : Instant.ofEpochMilli(((Number) value).longValue());
        Instant latest = Instant.ofEpochMilli(arrival.timestamp()).plus(Plausible.MAX_CLOCK_SKEW);
        return !instant.isBefore(Plausible.EARLIEST) && !instant.isAfter(latest);
    }

    /** The bounds of {@link #PLAUSIBLE_INSTANT} (a holder: enum constants cannot read the enum's own statics). */
    static final class Plausible {
        /** Nothing on the platform happened before this. */
        static final Instant EARLIEST = Instant.parse("2000-01-01T00:00:00Z");
        /** How far a producer's clock may run ahead of the record timestamp. */
        static final Duration MAX_CLOCK_SKEW = Duration.ofHours(1);

        private Plausible() {
        }
    }

    /** The Avro shapes a check reads. */
    private enum Kind {
        TEXT(EnumSet.of(Schema.Type.STRING)),
        NUMBER(EnumSet.of(Schema.Type.INT, Schema.Type.LONG)),
        COLLECTION(EnumSet.of(Schema.Type.ARRAY, Schema.Type.MAP)),
        INSTANT(EnumSet.of(Schema.Type.LONG));

        private final Set<Schema.Type> types;

        Kind(Set<Schema.Type> types) {
            this.types = types;
        }

        boolean matches(Schema schema) {
            if (!types.contains(schema.getType())) {
                return false;
            }
            boolean isTimestamp = schema.getLogicalType() instanceof LogicalTypes.TimestampMillis;
            // Numbers and instants are both longs on the wire: keep timestamps out of arithmetic checks and vice versa.
            return switch (this) {
                case INSTANT -> isTimestamp;
                case NUMBER -> !isTimestamp;
                default -> true;
            };
        }
    }
}
