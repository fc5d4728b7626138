package io.coursestream.testkit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Marks an integration test that runs against the shared {@link TestEnvironment}: a test constructor or method
 * parameter of type {@code TestEnvironment} is injected.
 *
 * <pre>
 * &#64;CoursestreamIT
 * class PointsLedgerIT {
 *     &#64;Test
 *     void shouldAwardPoints(TestEnvironment env) { ... env.bootstrapServers() ... }
 * }
 * </pre>
 */
@Documented
@Target({ElementType.TYPE, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(TestEnvironmentExtension.class)
public @interface CoursestreamIT {
}
