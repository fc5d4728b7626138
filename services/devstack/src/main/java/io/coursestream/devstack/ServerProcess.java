package io.coursestream.devstack;

import java.nio.file.Path;
import java.util.OptionalLong;

/** A stack component that is one server process this JVM started: stopping it stops exactly that PID. */
public abstract class ServerProcess implements StackComponent {

    private final String name;
    private final ChildProcess process;

    ServerProcess(String name, ChildProcess process) {
        this.name = name;
        this.process = process;
    }

    /** Where the server's stdout and stderr go. */
    public Path logFile() {
        return process.logFile();
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public OptionalLong pid() {
        return OptionalLong.of(process.pid());
    }

    @Override
    public void close() {
        process.close();
    }
}
