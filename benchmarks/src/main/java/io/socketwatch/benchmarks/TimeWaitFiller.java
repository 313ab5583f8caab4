package io.socketwatch.benchmarks;

import io.socketwatch.internal.os.ProcFiles;
import io.socketwatch.internal.os.SocketTable;
import io.socketwatch.model.TcpState;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Fills the loopback socket table with up to about 100,000 TIME_WAIT rows for benchmarks. Each row comes from one
 * connection that a client closes first, from a fixed source endpoint to one of the filler's servers on
 * {@code 127.0.0.1}: 16 source addresses ({@code 127.0.0.2} to {@code 127.0.0.17}) times the ports above the
 * ephemeral range ({@code net.ipv4.ip_local_port_range}) times 2 servers, taken in turn, so a 4-tuple comes round
 * again only after all the others.
 *
 * <p>Why fixed source ports: one client address and one server cannot hold more than the ephemeral range (about
 * 28,000 ports), and ports a program binds explicitly inside that range become unusable for every other program's
 * {@code connect()} in the network namespace for as long as the TIME_WAIT rows last (60 s). Ports above the range are
 * never handed out by the kernel; the filler sets {@code SO_REUSEADDR}, so only a program binding one of them without
 * it on a wildcard address could collide, and the filler skips any endpoint it cannot bind.
 *
 * <p>Loops are bounded: {@link #fill} stops after its count or as many failures. Not thread-safe. Linux only.
 */
final class TimeWaitFiller implements AutoCloseable {

    private static final int SOURCE_ADDRESSES = 16;
    private static final int SERVERS = 2;
    /** Connections the clients may run ahead of the acceptors: well under the accept queue (backlog 1000). */
    private static final int MAX_UNACCEPTED = 200;
    private static final InetAddress SERVER_ADDRESS = address(127, 0, 0, 1);

    private final List<ServerSocket> servers = new ArrayList<>();
    private final List<Thread> acceptors = new ArrayList<>();
    private final AtomicLong accepted = new AtomicLong();
    private final int firstPort;
    private final int ports;
    private final long capacity;
    private long cursor;

    /**
     * Opens the servers and their acceptor threads.
     *
     * @throws IllegalStateException if fewer than 1,000 ports lie above the ephemeral range
     */
    TimeWaitFiller() throws IOException {
        firstPort = ephemeralRangeEnd() + 1;
        ports = 65536 - firstPort;
        if (ports < 1000) {
            throw new IllegalStateException("only " + ports + " ports above the ephemeral range (ends at "
                    + (firstPort - 1) + "): too few for fixed source ports");
        }
        capacity = (long) SOURCE_ADDRESSES * ports * SERVERS;
        for (int i = 0; i < SERVERS; i++) {
            ServerSocket server = new ServerSocket(0, 1000, SERVER_ADDRESS);
            servers.add(server);
            Thread acceptor = new Thread(() -> acceptUntilClosed(server), "time-wait-acceptor-" + i);
            acceptor.setDaemon(true);
            acceptor.start();
            acceptors.add(acceptor);
        }
    }

    /** How many distinct 4-tuples the filler cycles through. */
    long capacity() {
        return capacity;
    }

    /**
     * Connects and closes, the client first, {@code count} times from the next source endpoints in turn; an endpoint
     * that cannot be bound or connected (taken by another program, or its 4-tuple still in TIME_WAIT) is skipped.
     * Stops after {@code count} connections or {@code count} failures, whichever comes first.
     *
     * @return how many connections were made and closed
     */
    int fill(int count) throws IOException {
        int made = 0;
        int failed = 0;
        long acceptedBefore = accepted.get();
        while (made < count && failed < count) {
            long slot = cursor++ % capacity;
            int server = (int) (slot % SERVERS);
            int source = (int) (slot / SERVERS % SOURCE_ADDRESSES);
            int port = firstPort + (int) (slot / SERVERS / SOURCE_ADDRESSES);
            try (Socket client = new Socket()) {
                client.setReuseAddress(true);
                client.bind(new InetSocketAddress(address(127, 0, 0, 2 + source), port));
                client.connect(servers.get(server).getLocalSocketAddress(), 10_000);
                made++;
            } catch (SocketException unavailable) {
                failed++;
            }
            awaitAccepted(acceptedBefore + made - MAX_UNACCEPTED); // a full accept queue drops SYNs: 1 s stalls
        }
        awaitAccepted(acceptedBefore + made);
        return made;
    }

    /**
     * Counts the TIME_WAIT rows in {@code table} that any filler left, in this JVM or an earlier one (JMH forks one
     * per trial): the rows from a filler's source addresses and ports to {@code 127.0.0.1}.
     */
    long timeWaits(SocketTable table) {
        return table.entries().stream()
                .filter(e -> e.state() == TcpState.TIME_WAIT)
                .filter(e -> isFillerSource(e.tuple().local()) && e.tuple().remote().getAddress().equals(SERVER_ADDRESS))
                .count();
    }

    private boolean isFillerSource(InetSocketAddress local) {
        byte[] address = local.getAddress().getAddress();
        int last = Byte.toUnsignedInt(address[address.length - 1]);
        return address.length == 4 && address[0] == 127 && address[1] == 0 && address[2] == 0
                && last >= 2 && last < 2 + SOURCE_ADDRESSES && local.getPort() >= firstPort;
    }

    /** Closes the servers; the TIME_WAIT rows stay until they expire. */
    @Override
    public void close() throws IOException {
        for (ServerSocket server : servers) {
            server.close();
        }
        for (Thread acceptor : acceptors) {
            try {
                acceptor.join(TimeUnit.SECONDS.toMillis(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Waits, at most a minute, until the acceptors have seen every client's FIN and closed their ends. */
    private void awaitAccepted(long target) throws IOException {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
        while (accepted.get() < target) {
            if (System.nanoTime() > deadline) {
                throw new IOException("the acceptors finished " + accepted.get() + " of " + target
                        + " connections in a minute");
            }
            Thread.onSpinWait();
        }
    }

    private void acceptUntilClosed(ServerSocket server) {
        while (!server.isClosed()) {
            try (Socket peer = server.accept(); InputStream in = peer.getInputStream()) {
                while (in.read() >= 0) {
                    // until the client's FIN: the client closes first and keeps the TIME_WAIT
                }
            } catch (IOException e) {
                if (server.isClosed()) {
                    return;
                }
                throw new UncheckedIOException("accepting on " + server.getLocalSocketAddress(), e);
            } finally {
                accepted.incrementAndGet();
            }
        }
    }

    private static int ephemeralRangeEnd() throws IOException {
        String range = ProcFiles.read(Path.of("/proc/sys/net/ipv4/ip_local_port_range"));
        String[] bounds = range.trim().split("\\s+");
        return Integer.parseInt(bounds[bounds.length - 1]);
    }

    private static InetAddress address(int a, int b, int c, int d) {
        try {
            return InetAddress.getByAddress(new byte[] {(byte) a, (byte) b, (byte) c, (byte) d});
        } catch (IOException impossible) {
            throw new AssertionError(impossible);
        }
    }
}
