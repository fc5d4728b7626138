package io.coursestream.processor.onboarding;

import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;

import io.coursestream.schemas.calendar.SendWindow;
import io.coursestream.topology.onboarding.OnboardingSettings;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * {@code coursestream.onboarding.*}: when welcome mails go out and what they recommend. The defaults are
 * {@link OnboardingSettings#DEFAULTS}; application.properties writes them out.
 */
@ConfigMapping(prefix = "coursestream.onboarding")
public interface OnboardingConfig {

    /** The local hours a welcome mail may reach the new user in. */
    Window sendWindow();

    /** The zone of a user whose own is not a known IANA id. */
    @WithDefault("UTC")
    ZoneId defaultTimezone();

    /** Courses a welcome mail recommends at most. */
    @WithDefault("3")
    int recommendations();

    /** A registration older than this (by the wall clock when it is processed) gets no welcome mail. */
    @WithDefault("P2D")
    Duration staleAfter();

    /** {@code coursestream.onboarding.send-window.*}. */
    interface Window {

        /** Local time the window opens (inclusive). */
        @WithDefault("08:00")
        LocalTime start();

        /** Local time the window closes (exclusive); before start for a window across midnight. */
        @WithDefault("21:00")
        LocalTime end();
    }

    /**
     * These settings for the onboarding topology.
     *
     * @throws IllegalArgumentException for an invalid value, naming its key
     */
    default OnboardingSettings settings() {
        try {
            return new OnboardingSettings(new SendWindow(sendWindow().start(), sendWindow().end()), defaultTimezone(),
                    recommendations(), staleAfter());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("coursestream.onboarding: " + e.getMessage(), e);
        }
    }
}
