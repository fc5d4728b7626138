package io.coursestream.testkit;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Settings given to a test or benchmark JVM as system properties {@code <prefix>set.<key>=<value>}, for a server it
 * starts: the test broker ({@code coursestream.broker.}), the processor ({@code coursestream.processor.}) and the
 * workers ({@code coursestream.workers.}). For experiments; the tests themselves set none.
 */
public final class SettingOverrides {

    private SettingOverrides() {
    }

    /** Every {@code <prefix>set.<key>} system property of this JVM, as {@code <key>} to its value. */
    public static Map<String, String> of(String prefix) {
        String start = prefix + "set.";
        Map<String, String> overrides = new LinkedHashMap<>();
        System.getProperties().stringPropertyNames().stream().filter(name -> name.startsWith(start))
                .forEach(name -> overrides.put(name.substring(start.length()), System.getProperty(name)));
        return overrides;
    }
}
