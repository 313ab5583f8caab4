package io.socketwatch.junit.testkit;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;

/**
 * A loopback server and one connection to it, kept in a static field across a fixture's tests, or its classes', so
 * that one test opens the connection and a later one breaks it.
 */
public final class LoopbackEnds {

    public ServerSocket listener;
    public Socket client;
    public Socket serverEnd;

    public void listen() throws IOException {
        listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
    }

    public void connect() throws IOException {
        client = new Socket(listener.getInetAddress(), listener.getLocalPort());
        serverEnd = listener.accept();
    }

    /** Not in {@code @AfterAll}: the looks at the end of the class and of the run must find what tests left open. */
    public void closeAll() {
        for (AutoCloseable closeable : new AutoCloseable[] {client, serverEnd, listener}) {
            try {
                if (closeable != null) {
                    closeable.close();
                }
            } catch (Exception ignored) {
                // the fixture's leftovers, closed after its run
            }
        }
    }
}
