package io.coursestream.devstack;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Properties;
import java.util.Set;

/**
 * Picks free TCP ports on 127.0.0.1 and, for the local stack, remembers them in the state directory so every run
 * uses the same ports as long as they stay free: bookmarks, client configs and the Kafka controller's recorded
 * endpoint keep working across restarts.
 */
public final class LoopbackPorts {

    public static final String HOST = "127.0.0.1";

    private final Path file;
    private final Properties assigned = new Properties();
    private final Set<Integer> handedOut = new HashSet<>();

    private LoopbackPorts(Path file) {
        this.file = file;
    }

    /** Ports remembered in {@code <stateDir>/ports.properties}. */
    public static LoopbackPorts remembered(Path stateDir) {
        LoopbackPorts ports = new LoopbackPorts(stateDir.resolve("ports.properties"));
        if (Files.isRegularFile(ports.file)) {
            try (InputStream in = Files.newInputStream(ports.file)) {
                ports.assigned.load(in);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return ports;
    }

    /** The port remembered for {@code name} when it is still free, otherwise a new free port (then remembered). */
    public synchronized int port(String name) {
        String remembered = assigned.getProperty(name);
        if (remembered != null) {
            int port = Integer.parseInt(remembered);
            if (!handedOut.contains(port) && isFree(port)) {
                handedOut.add(port);
                return port;
            }
        }
        int port;
        do {
            port = free();
        } while (!handedOut.add(port));
        assigned.setProperty(name, Integer.toString(port));
        save();
        return port;
    }

    /** A port that is free on 127.0.0.1 right now (the OS picks it). */
    public static int free() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port on " + HOST, e);
        }
    }

    /** True when nothing listens on {@code port} at 127.0.0.1. */
    public static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getByName(HOST), port), 1);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private void save() {
        try {
            Files.createDirectories(file.getParent());
            try (OutputStream out = Files.newOutputStream(file)) {
                assigned.store(out, "loopback ports of the local stack; delete this file to pick new ones");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
