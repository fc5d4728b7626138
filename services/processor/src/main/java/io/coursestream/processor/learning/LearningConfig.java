package io.coursestream.processor.learning;

import java.time.Duration;

import io.coursestream.topology.learning.LearningSettings;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * {@code coursestream.learning.*}: the certificate template version a first issue renders with, and how fast a
 * regeneration requests its batches. The defaults are {@link LearningSettings#DEFAULTS}; application.properties writes
 * them out.
 */
@ConfigMapping(prefix = "coursestream.learning")
public interface LearningConfig {

    /** Template version of first issues; part of each certificate job's unique key. */
    @WithDefault("1")
    int certificateTemplateVersion();

    /** How often (wall clock) a running regeneration requests its next batch; the first goes at once. */
    @WithDefault("PT1S")
    Duration regenerationInterval();

    /**
     * These settings for the learning topology.
     *
     * @throws IllegalArgumentException for an invalid value, naming the prefix
     */
    default LearningSettings settings() {
        try {
            return new LearningSettings(certificateTemplateVersion(), regenerationInterval());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("coursestream.learning: " + e.getMessage(), e);
        }
    }
}
