package io.socketwatch.model;

import io.socketwatch.internal.net.Endpoint;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The connections of a recording window, as {@link SocketWatcher#activity()} or {@link SocketWatcher#stop()} found
 * them after settling. Immutable.
 *
 * @param connections the window's connections: opened in it, or open when it started and used or closed in it (the
 *                    baseline), in the order first seen
 * @param startedAt   when the window started
 * @param takenAt     when this view was taken
 * @param dropped     connections not retained because the window reached its cap; they are counted, not listed
 * @param notes       what limits this view, one sentence each: a degraded mode, instrumentation errors, a platform
 *                    whose socket table cannot be read; empty when socketwatch saw everything it looks at
 * @param resources   what client libraries (OkHttp, JDBC, HikariCP, Apache HttpClient 5) handed the application in
 *                    the window, released or not, in the order obtained
 */
public record SocketActivity(List<TcpConnection> connections, Instant startedAt, Instant takenAt, long dropped,
                             List<String> notes, List<ClientResource> resources) {

    /** An activity without client-level resources. */
    public SocketActivity(List<TcpConnection> connections, Instant startedAt, Instant takenAt, long dropped,
                          List<String> notes) {
        this(connections, startedAt, takenAt, dropped, notes, List.of());
    }

    public SocketActivity {
        connections = List.copyOf(connections);
        resources = List.copyOf(resources);
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(takenAt, "takenAt");
        notes = List.copyOf(notes);
        if (dropped < 0) {
            throw new IllegalArgumentException("dropped < 0: " + dropped);
        }
    }

    /**
     * Returns this activity without the connections to {@code host:port}: client ends whose remote address, and
     * server ends whose local address, is any address of {@code host} with that port.
     *
     * @throws IllegalArgumentException if {@code host} cannot be resolved
     */
    public SocketActivity excluding(String host, int port) {
        Endpoint endpoint = Endpoint.resolve(host, port);
        List<TcpConnection> kept = connections.stream()
                .filter(c -> !endpoint.matches(c.side() == TcpConnection.Side.CLIENT ? c.remote() : c.local()))
                .toList();
        return new SocketActivity(kept, startedAt, takenAt, dropped, notes, resources);
    }
}
