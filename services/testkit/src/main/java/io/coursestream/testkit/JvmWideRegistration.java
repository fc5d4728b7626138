package io.coursestream.testkit;

import java.lang.management.ManagementFactory;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import javax.management.InstanceAlreadyExistsException;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.management.StandardMBean;

/**
 * Makes the test environment one per JVM, not one per class loader. Quarkus runs {@code @QuarkusTest} classes and
 * their test resources in its own class loaders, where this library's statics exist once more; without this, a JVM
 * with a Quarkus test and a plain integration test would start two brokers and two registries.
 *
 * <p>The first class loader to ask registers an MBean on the platform MBean server (one per JVM) and publishes the
 * environment's description in a {@link CompletableFuture}, a JDK type every class loader shares. Later class loaders
 * find the MBean and wait on the same future.
 */
final class JvmWideRegistration {

    private static final String OBJECT_NAME = "io.coursestream.testkit:type=TestEnvironment";

    /** The MBean's interface; public because JMX introspects it. */
    public interface EnvironmentHolderMBean {
        CompletableFuture<Map<String, Object>> getEnvironment();
    }

    private static final class EnvironmentHolder implements EnvironmentHolderMBean {

        private final CompletableFuture<Map<String, Object>> environment = new CompletableFuture<>();

        @Override
        public CompletableFuture<Map<String, Object>> getEnvironment() {
            return environment;
        }
    }

    /**
     * @param owner       true for the class loader that must start the environment and complete the future
     * @param environment the published description of the environment
     */
    record Claim(boolean owner, CompletableFuture<Map<String, Object>> environment) {
    }

    private JvmWideRegistration() {
    }

    @SuppressWarnings("unchecked")
    static Claim claim() {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        try {
            ObjectName name = new ObjectName(OBJECT_NAME);
            EnvironmentHolder holder = new EnvironmentHolder();
            try {
                server.registerMBean(new StandardMBean(holder, EnvironmentHolderMBean.class), name);
                return new Claim(true, holder.getEnvironment());
            } catch (InstanceAlreadyExistsException alreadyClaimed) {
                return new Claim(false,
                        (CompletableFuture<Map<String, Object>>) server.getAttribute(name, "Environment"));
            }
        } catch (JMException e) {
            throw new IllegalStateException("cannot register the test environment on the platform MBean server", e);
        }
    }
}
