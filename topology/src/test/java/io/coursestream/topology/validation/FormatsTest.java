// Tier: unit (pure format checks, no Kafka).
package io.coursestream.topology.validation;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FormatsTest {

    @ParameterizedTest
    @ValueSource(strings = {"0b6e7a3e-1d2c-4c5b-9a8f-7e6d5c4b3a21", "0B6E7A3E-1D2C-4C5B-9A8F-7E6D5C4B3A21"})
    void shouldAcceptCanonicalUuids(String value) {
        assertThat(Formats.isUuid(value)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"1-1-1-1-1", "0b6e7a3e1d2c4c5b9a8f7e6d5c4b3a21", "", "user-42"})
    void shouldRejectShortenedOrMissingUuids(String value) {
        assertThat(Formats.isUuid(value)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"ada@example.org", "first.last+tag@mail.example.co.uk"})
    void shouldAcceptEmailAddresses(String value) {
        assertThat(Formats.isEmail(value)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"ada", "ada@localhost", "ada@@example.org", "ada @example.org", "@example.org", "ada@example."})
    void shouldRejectMalformedEmailAddresses(String value) {
        assertThat(Formats.isEmail(value)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"EUR", "USD", "JPY", "BHD", "CHF"})
    void shouldAcceptIso4217Codes(String value) {
        assertThat(Formats.isCurrencyCode(value)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"eur", "EURO", "XYZ", "€", ""})
    void shouldRejectWhatIsNotAnIso4217Code(String value) {
        assertThat(Formats.isCurrencyCode(value)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"DE", "US", "GB"})
    void shouldAcceptIso3166Alpha2Codes(String value) {
        assertThat(Formats.isCountryCode(value)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"de", "DEU", "XX", "UK"})
    void shouldRejectWhatIsNotAnIso3166Alpha2Code(String value) {
        assertThat(Formats.isCountryCode(value)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"en", "de-DE", "zh-Hant-TW", "es-419", "fil"})
    void shouldAcceptBcp47Tags(String value) {
        assertThat(Formats.isLanguageTag(value)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"en_US", "", "und", "english", "xx", "de-DE-", "-DE"})
    void shouldRejectWhatIsNotABcp47Tag(String value) {
        assertThat(Formats.isLanguageTag(value)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"Europe/Berlin", "America/New_York", "Asia/Kolkata", "UTC"})
    void shouldAcceptIanaZoneIds(String value) {
        assertThat(Formats.isTimeZone(value)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"+02:00", "CET+1", "Europe/Atlantis", "berlin", ""})
    void shouldRejectOffsetsAndUnknownZones(String value) {
        assertThat(Formats.isTimeZone(value)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"203.0.113.7", "0.0.0.0", "2001:db8::1", "::1", "::", "fe80::1:2:3:4",
            "2001:0db8:0000:0000:0000:ff00:0042:8329", "::ffff:192.0.2.128"})
    void shouldAcceptIpAddresses(String value) {
        assertThat(Formats.isIpAddress(value)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"256.1.1.1", "1.2.3", "01.2.3.4", "2001:db8::1::2", "1:2:3:4:5:6:7:8:9", "example.org",
            "gggg::1", ":1", ""})
    void shouldRejectWhatIsNotAnIpAddress(String value) {
        assertThat(Formats.isIpAddress(value)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"image/jpeg", "video/quicktime", "application/vnd.ms-excel", "application/zip"})
    void shouldAcceptMediaTypes(String value) {
        assertThat(Formats.isMediaType(value)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"jpeg", "image/", "/jpeg", "image jpeg"})
    void shouldRejectWhatIsNotAMediaType(String value) {
        assertThat(Formats.isMediaType(value)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://courses.example.org/return?x=1", "http://127.0.0.1:8080/hook"})
    void shouldAcceptHttpUrls(String value) {
        assertThat(Formats.isHttpUrl(value)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"ftp://example.org/file", "javascript:alert(1)", "/relative/path", "https://", "not a url"})
    void shouldRejectWhatIsNotAnAbsoluteHttpUrl(String value) {
        assertThat(Formats.isHttpUrl(value)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"9F86D081884C7D659A2FEAA0C55AD015A3BF4F1B2B0B822CD15D6C15B0F00A08", "9f86d0", ""})
    void shouldRejectDigestsThatAreNotLowerCaseSha256Hex(String value) {
        assertThat(Formats.isSha256Hex(value)).isFalse();
    }
}
