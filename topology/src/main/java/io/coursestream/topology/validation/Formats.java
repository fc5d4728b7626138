package io.coursestream.topology.validation;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.ZoneId;
import java.util.Currency;
import java.util.IllformedLocaleException;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** The textual formats input events promise in their schema docs, each checked without I/O. */
final class Formats {

    private static final Pattern UUID = Pattern.compile(
            "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    // Deliberately pragmatic: one @, no whitespace, a dot in the domain. Deliverability is the mailer's business.
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s.]+(\\.[^@\\s.]+)+");
    private static final int MAX_EMAIL_LENGTH = 254;

    private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern IPV4 = Pattern.compile(
            "((25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])\\.){3}(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])");
    private static final Pattern IPV6_GROUP = Pattern.compile("[0-9a-fA-F]{1,4}");
    private static final Pattern MEDIA_TYPE = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9!#$&^_.+-]*/[a-zA-Z0-9][a-zA-Z0-9!#$&^_.+-]*");
    private static final Pattern CURRENCY_SHAPE = Pattern.compile("[A-Z]{3}");

    private static final Set<String> CURRENCY_CODES = Currency.getAvailableCurrencies().stream()
            .map(Currency::getCurrencyCode)
            .collect(Collectors.toUnmodifiableSet());
    private static final Set<String> COUNTRY_CODES = Set.of(Locale.getISOCountries());
    private static final Set<String> LANGUAGE_CODES = Set.of(Locale.getISOLanguages());
    private static final Set<String> ZONE_IDS = Set.copyOf(ZoneId.getAvailableZoneIds());

    private Formats() {
    }

    /** A UUID in its canonical 8-4-4-4-12 hex form ({@code UUID.fromString} also accepts shortened groups). */
    static boolean isUuid(String value) {
        return UUID.matcher(value).matches();
    }

    static boolean isEmail(String value) {
        return value.length() <= MAX_EMAIL_LENGTH && EMAIL.matcher(value).matches();
    }

    /** An active or historic ISO 4217 alphabetic code the JDK knows, in upper case. */
    static boolean isCurrencyCode(String value) {
        return CURRENCY_SHAPE.matcher(value).matches() && CURRENCY_CODES.contains(value);
    }

    /** An ISO 3166-1 alpha-2 country code in upper case. */
    static boolean isCountryCode(String value) {
        return value.length() == 2 && COUNTRY_CODES.contains(value);
    }

    /**
     * A well-formed BCP 47 tag whose language is an ISO 639 code ({@code en}, {@code de-DE}, {@code zh-Hant-TW},
     * {@code fil}): two-letter codes must be known to the JDK, three-letter ones are taken on trust.
     * {@code Locale.forLanguageTag} would silently turn ill-formed input into the empty locale, and BCP 47's
     * syntax alone admits {@code english} as a (never registered) five-letter language subtag.
     */
    static boolean isLanguageTag(String value) {
        String language;
        try {
            language = new Locale.Builder().setLanguageTag(value).build().getLanguage();
        } catch (IllformedLocaleException e) {
            return false;
        }
        return switch (language.length()) {
            case 2 -> LANGUAGE_CODES.contains(language);
            case 3 -> !"und".equals(language);
            default -> false;
        };
    }

    /** A region-based IANA zone id ({@code Europe/Berlin}); fixed offsets such as {@code +02:00} have no DST rules. */
    static boolean isTimeZone(String value) {
        return ZONE_IDS.contains(value);
    }

    /**
     * An IPv4 dotted quad or an IPv6 address in text form (RFC 4291 section 2.2, with {@code ::} and an embedded
     * IPv4 tail). Parsed by hand: {@code InetAddress.getByName} would resolve anything else through DNS.
     */
    static boolean isIpAddress(String value) {
        return IPV4.matcher(value).matches() || isIpv6(value);
    }

    private static boolean isIpv6(String value) {
        int compression = value.indexOf("::");
        if (compression != value.lastIndexOf("::")) {
            return false;
        }
        if (compression < 0) {
            return groupCount(value, true) == 8;
        }
        String head = value.substring(0, compression);
        String tail = value.substring(compression + 2);
        int headGroups = head.isEmpty() ? 0 : groupCount(head, false);
        int tailGroups = tail.isEmpty() ? 0 : groupCount(tail, true);
        return headGroups >= 0 && tailGroups >= 0 && headGroups + tailGroups <= 7;
    }

    /** Groups in a colon-separated run (an IPv4 tail counts as two), or -1 when the run is malformed. */
    private static int groupCount(String run, boolean mayEndInIpv4) {
        String[] groups = run.split(":", -1);
        int count = 0;
        for (int i = 0; i < groups.length; i++) {
            boolean last = i == groups.length - 1;
            if (last && mayEndInIpv4 && IPV4.matcher(groups[i]).matches()) {
                count += 2;
            } else if (IPV6_GROUP.matcher(groups[i]).matches()) {
                count++;
            } else {
                return -1;
            }
        }
        return count;
    }

    /** Lower-case hex, as the schemas document digests. */
    static boolean isSha256Hex(String value) {
        return SHA256_HEX.matcher(value).matches();
    }

    /** {@code type/subtype} as RFC 6838 restricts the names. */
    static boolean isMediaType(String value) {
        return MEDIA_TYPE.matcher(value).matches();
    }

    /** An absolute {@code http} or {@code https} URL with a host. */
    static boolean isHttpUrl(String value) {
        try {
            URI uri = new URI(value);
            String scheme = uri.getScheme();
            return ("http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme)) && uri.getHost() != null;
        } catch (URISyntaxException e) {
            return false;
        }
    }
}
