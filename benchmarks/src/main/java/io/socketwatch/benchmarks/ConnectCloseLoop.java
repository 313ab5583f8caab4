package io.socketwatch.benchmarks;

import io.socketwatch.SocketWatcher;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Arrays;

/**
 * {@link TrackerOverheadBenchmark#connectAndClose}'s loopback connect + close (reset) in a plain loop, inside a
 * recording window ({@code tracked}) or not ({@code plain}): eight rounds of 20,000, each round's median printed. Not
 * a JMH benchmark: a quick way to compare variants of the tracker, such as one whose opening-stack capture is
 * switched off in the source. Run:
 * {@code java -XX:+EnableDynamicAgentLoading -cp benchmarks/target/benchmarks.jar
 * io.socketwatch.benchmarks.ConnectCloseLoop plain|tracked}
 */
public final class ConnectCloseLoop {

    private static final int ROUNDS = 8;
    private static final int CONNECTIONS = 20_000;

    private ConnectCloseLoop() {
    }

    public static void main(String[] args) throws Exception {
        boolean tracked = args.length > 0 && args[0].equals("tracked");
        try (ServerSocket server = new ServerSocket(0, 1000, InetAddress.getLoopbackAddress());
             SocketWatcher watcher = tracked ? SocketWatcher.start() : null) {
            Thread acceptor = new Thread(() -> acceptAndClose(server), "accept-and-close");
            acceptor.setDaemon(true);
            acceptor.start();
            for (int round = 0; round < ROUNDS; round++) {
                long[] nanos = new long[CONNECTIONS];
                for (int i = 0; i < CONNECTIONS; i++) {
                    long start = System.nanoTime();
                    Socket socket = new Socket(server.getInetAddress(), server.getLocalPort());
                    socket.setSoLinger(true, 0);
                    socket.close();
                    nanos[i] = System.nanoTime() - start;
                }
                Arrays.sort(nanos);
                System.out.printf("%s round %d: median %.1f us%n", tracked ? "tracked" : "plain", round,
                        nanos[CONNECTIONS / 2] / 1000.0);
            }
        }
    }

    private static void acceptAndClose(ServerSocket server) {
        while (!server.isClosed()) {
            try {
                server.accept().close();
            } catch (IOException closedOrReset) {
                // the server socket, or a connection reset before it was accepted
            }
        }
    }
}
