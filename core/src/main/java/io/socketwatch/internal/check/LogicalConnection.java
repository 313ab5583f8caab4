package io.socketwatch.internal.check;

import io.socketwatch.internal.os.FourTuple;
import io.socketwatch.model.SocketActivity;
import io.socketwatch.model.TcpConnection;
import io.socketwatch.model.TcpConnection.Origin;
import io.socketwatch.model.TcpConnection.Side;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * One TCP connection as the checks judge it: a loopback connection whose both ends are in this JVM is one
 * connection with two ends, not two.
 *
 * @param service the endpoint that was connected to (the client end's remote, the server end's local address)
 * @param client  this JVM's client end, or {@code null}
 * @param server  this JVM's server end, or {@code null}
 */
public record LogicalConnection(InetSocketAddress service, TcpConnection client, TcpConnection server) {

    /**
     * Pairs the ends of the activity's connections that were opened in the window (baseline left out, and untracked
     * sockets, whose opening was not seen).
     */
    public static List<LogicalConnection> ofWindow(SocketActivity activity) {
        Map<FourTuple, TcpConnection> servers = new HashMap<>();
        for (TcpConnection connection : activity.connections()) {
            if (seenOpening(connection) && connection.side() == Side.SERVER) {
                servers.put(new FourTuple(connection.local(), connection.remote()), connection);
            }
        }
        List<LogicalConnection> connections = new ArrayList<>();
        for (TcpConnection connection : activity.connections()) {
            if (seenOpening(connection) && connection.side() == Side.CLIENT) {
                TcpConnection peer = servers.remove(new FourTuple(connection.remote(), connection.local()));
                connections.add(new LogicalConnection(connection.remote(), connection, peer));
            }
        }
        servers.values().forEach(server -> connections.add(new LogicalConnection(server.local(), null, server)));
        connections.sort(java.util.Comparator.comparing(LogicalConnection::openedAt));
        return connections;
    }

    /** Returns whether socketwatch saw {@code connection} being opened in the window. */
    static boolean seenOpening(TcpConnection connection) {
        return connection.origin() == Origin.WINDOW || connection.origin() == Origin.UNATTRIBUTED;
    }

    /**
     * Returns whether the window's own code opened or accepted this connection ({@link Origin#WINDOW}), rather than a
     * thread that no window started ({@link Origin#UNATTRIBUTED}).
     */
    public boolean attributed() {
        return ends().anyMatch(end -> end.origin() == Origin.WINDOW);
    }

    /**
     * Returns whether a client library's request on it was given up: a connection that a client socketwatch saw built
     * (OkHttp, the JDK {@code HttpClient}, Apache HttpClient) opened and this JVM closed first without receiving a
     * byte, as clients do when a request times out or is cancelled, before or after sending it. Not a readiness probe
     * or a plain socket: they have no client.
     */
    public boolean abandonedRequest() {
        return client != null && client.builtClient().isPresent() && client.bytesReceived() == 0
                && client.closedFirst() == TcpConnection.ClosedFirst.THIS_JVM;
    }

    /** Returns this JVM's ends: one or two. */
    public Stream<TcpConnection> ends() {
        return Stream.of(client, server).filter(java.util.Objects::nonNull);
    }

    public Instant openedAt() {
        return ends().map(TcpConnection::openedAt).min(Instant::compareTo).orElseThrow();
    }

    /** Returns when the first end was closed in this JVM, if any was. */
    public Optional<Instant> firstClosedAt() {
        return ends().flatMap(end -> end.closedTime().stream()).min(Instant::compareTo);
    }
}
