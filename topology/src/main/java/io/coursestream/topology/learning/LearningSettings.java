package io.coursestream.topology.learning;

import java.time.Duration;
import java.util.Objects;

/**
 * The learning topology's settings.
 *
 * @param templateVersion      the certificate template version a first issue is rendered with; part of the
 *                             certificate job's unique key
 * @param regenerationInterval how often a running GenerateCourseCertificates run requests its next batch (wall
 *                             clock); the first batch goes at once
 */
public record LearningSettings(int templateVersion, Duration regenerationInterval) {

    public static final LearningSettings DEFAULTS = new LearningSettings(1, Duration.ofSeconds(1));

    public LearningSettings {
        if (templateVersion < 1) {
            throw new IllegalArgumentException("templateVersion starts at 1, not " + templateVersion);
        }
        Objects.requireNonNull(regenerationInterval, "regenerationInterval");
        if (regenerationInterval.isNegative() || regenerationInterval.isZero()) {
            throw new IllegalArgumentException("regenerationInterval must be positive, not " + regenerationInterval);
        }
    }
}
