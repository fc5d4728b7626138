package io.coursestream.testkit;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Injects the {@link TestEnvironment} into test constructors and methods:
 * {@code @ExtendWith(TestEnvironmentExtension.class)}, or {@link CoursestreamIT} on the class. The environment
 * starts on the first injection and is shared by every test class of the JVM.
 */
public final class TestEnvironmentExtension implements ParameterResolver {

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return parameterContext.getParameter().getType() == TestEnvironment.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return TestEnvironment.get();
    }
}
