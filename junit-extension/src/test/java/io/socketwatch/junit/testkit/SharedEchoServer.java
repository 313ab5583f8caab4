package io.socketwatch.junit.testkit;

import io.socketwatch.testing.EchoServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.util.concurrent.CompletableFuture;

/**
 * The loopback echo server fixtures send their requests to: one for the test JVM, as fixtures are shared between test
 * classes. It starts on first use, from a thread that inherits no thread-locals: a thread started in a test's window
 * belongs to that window, and so would the server's threads and the connections they accept if the first fixture to
 * ask started it from its own thread. Its threads are daemons; it closes with the JVM.
 */
public final class SharedEchoServer {

    private static EchoServer server;

    private SharedEchoServer() {
    }

    /** Returns the port the server listens on, on 127.0.0.1, starting the server first if need be. */
    public static synchronized int echoPort() {
        if (server == null) {
            server = startOutsideEveryWindow();
        }
        return server.port();
    }

    /** Sends one request on {@code socket} and reads the reply. */
    public static void request(Socket socket) throws IOException {
        EchoServer.roundTrip(socket, "GET");
    }

    /** Sends {@code requests} requests, each on a connection of its own that this side closes: churn. */
    public static void aConnectionPerRequest(int requests) throws IOException {
        for (int request = 0; request < requests; request++) {
            try (Socket socket = new Socket("127.0.0.1", echoPort())) {
                request(socket);
            }
        }
    }

    private static EchoServer startOutsideEveryWindow() {
        CompletableFuture<EchoServer> started = new CompletableFuture<>();
        Thread starter = new Thread(null, () -> {
            try {
                started.complete(new EchoServer("127.0.0.1"));
            } catch (IOException e) {
                started.completeExceptionally(new UncheckedIOException(e));
            }
        }, "echo-server-starter", 0, false);
        starter.start();
        return started.join();
    }
}
