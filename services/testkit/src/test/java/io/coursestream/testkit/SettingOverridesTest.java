// Tier: unit test (system properties of this JVM only).
package io.coursestream.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SettingOverridesTest {

    @AfterEach
    void clearProperties() {
        System.clearProperty("coursestream.test-server.set.linger.ms");
        System.clearProperty("coursestream.test-server.set.a.b.c");
        System.clearProperty("coursestream.test-server.jvm-options");
        System.clearProperty("coursestream.other-server.set.linger.ms");
    }

    @Test
    void shouldTakeTheSettingsOfItsPrefixOnly() {
        // given
        System.setProperty("coursestream.test-server.set.linger.ms", "5");
        System.setProperty("coursestream.test-server.set.a.b.c", "x=y");
        System.setProperty("coursestream.test-server.jvm-options", "-Xmx1g");
        System.setProperty("coursestream.other-server.set.linger.ms", "7");

        // when
        Map<String, String> overrides = SettingOverrides.of("coursestream.test-server.");

        // then
        assertThat(overrides).containsExactlyInAnyOrderEntriesOf(Map.of("linger.ms", "5", "a.b.c", "x=y"));
    }
}
