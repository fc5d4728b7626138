package io.coursestream.devstack;

import java.util.OptionalLong;

/** One running piece of the stack: a server process this JVM started, or a server inside this JVM. */
public interface StackComponent extends AutoCloseable {

    /** A short name for logs and the banner. */
    String name();

    /** The operating-system process this component started, if it started one. */
    OptionalLong pid();

    /** Stops the component; stops only what it started itself. Never throws. */
    @Override
    void close();
}
