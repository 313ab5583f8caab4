package io.socketwatch.junit.testkit;

import java.io.IOException;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Sockets a fixture leaks on purpose, closed by its {@code @AfterAll}, after its verdict, so the test JVM does not
 * keep them.
 */
public final class Leftovers {

    private static final List<Socket> SOCKETS = new CopyOnWriteArrayList<>();

    private Leftovers() {
    }

    /** Keeps {@code socket} open until {@link #closeAll}. */
    public static void keep(Socket socket) {
        SOCKETS.add(socket);
    }

    /** Closes every socket kept. */
    public static void closeAll() throws IOException {
        for (Socket socket : SOCKETS) {
            socket.close();
        }
        SOCKETS.clear();
    }
}
