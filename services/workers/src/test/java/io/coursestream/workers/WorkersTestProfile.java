package io.coursestream.workers;

import java.util.List;

import io.coursestream.testkit.CoursestreamTestResource;
import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * The one Quarkus test configuration of this module: the workers against the shared test harness (broker, registry,
 * S3, SMTP), Dev Services off. Every {@code *IT} uses it, so Quarkus starts the application once for all of them.
 */
public class WorkersTestProfile implements QuarkusTestProfile {

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(CoursestreamTestResource.class));
    }
}
