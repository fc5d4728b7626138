package io.coursestream.devstack.json;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;

/**
 * The JDK's HTTP server on 127.0.0.1 with a small daemon pool, as the local payment providers run it: started once,
 * its base URL known once started, stopped with requests in flight cut.
 */
public final class LoopbackHttp {

    private static final int THREADS = 4;

    private HttpServer http;
    private ExecutorService executor;

    /** Starts on 127.0.0.1 and {@code port} (0: a free one), every path handled by {@code handler}. */
    public synchronized void start(int port, String threadName, HttpHandler handler) {
        if (http != null) {
            throw new IllegalStateException("already started on " + baseUrl());
        }
        try {
            http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on 127.0.0.1:" + port, e);
        }
        executor = Executors.newFixedThreadPool(THREADS, runnable -> {
            Thread thread = new Thread(runnable, threadName);
            thread.setDaemon(true);
            return thread;
        });
        http.setExecutor(executor);
        http.createContext("/", handler);
        http.start();
    }

    /** {@code http://127.0.0.1:<port>}. */
    public synchronized String baseUrl() {
        if (http == null) {
            throw new IllegalStateException("not started");
        }
        return "http://127.0.0.1:" + http.getAddress().getPort();
    }

    /** Stops listening; requests in flight are cut. */
    public synchronized void stop() {
        if (http != null) {
            http.stop(0);
            executor.shutdownNow();
            http = null;
        }
    }
}
