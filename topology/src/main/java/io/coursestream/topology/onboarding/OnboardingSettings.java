package io.coursestream.topology.onboarding;

import java.time.Duration;
import java.time.ZoneId;
import java.util.Objects;

import io.coursestream.schemas.calendar.SendWindow;

/**
 * What the onboarding topology is configured with (the processor's {@code coursestream.onboarding.*}).
 *
 * @param sendWindow      the local hours a welcome mail may be delivered in
 * @param defaultZone     the time zone of a user whose own zone is not a known IANA id
 * @param recommendations how many courses a welcome mail recommends at most
 * @param staleAfter      how old (by the wall clock at processing) a registration may be and still get a welcome mail
 */
public record OnboardingSettings(SendWindow sendWindow, ZoneId defaultZone, int recommendations, Duration staleAfter) {

    /** 08:00-21:00 local, UTC for unknown zones, three courses, registrations up to two days old. */
    public static final OnboardingSettings DEFAULTS = new OnboardingSettings(SendWindow.DAYTIME, ZoneId.of("UTC"), 3,
            Duration.ofDays(2));

    public OnboardingSettings {
        Objects.requireNonNull(sendWindow, "sendWindow");
        Objects.requireNonNull(defaultZone, "defaultZone");
        Objects.requireNonNull(staleAfter, "staleAfter");
        if (recommendations < 0) {
            throw new IllegalArgumentException("a welcome mail recommends 0 or more courses, got " + recommendations);
        }
        if (staleAfter.isNegative() || staleAfter.isZero()) {
            throw new IllegalArgumentException("staleAfter must be positive, got " + staleAfter);
        }
    }
}
