package io.socketwatch;

import io.socketwatch.model.ClientResource;
import io.socketwatch.model.OpeningSite;
import io.socketwatch.model.SocketActivity;
import io.socketwatch.model.TcpConnection;
import io.socketwatch.model.TcpConnection.ClosedFirst;
import io.socketwatch.model.TcpConnection.Origin;
import io.socketwatch.model.TcpConnection.Side;
import io.socketwatch.model.TcpState;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

/** Builds activities for message tests: values as the tracker would report them, with fixed times. */
final class Activities {

    static final Instant START = Instant.parse("2026-11-24T10:00:00Z");
    private final List<TcpConnection> connections = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private final List<ClientResource> resources = new ArrayList<>();
    private long nextId = 1;

    static Activities activity() {
        return new Activities();
    }

    static StackTraceElement frame(int line) {
        return new StackTraceElement("com.acme.OrderClient", "fetch", "OrderClient.java", line);
    }

    /** A client connection from {@code localPort} to {@code server}, opened and closed at the given milliseconds. */
    Activities client(int localPort, int serverPort, long openedMs, Long closedMs, ClosedFirst closedFirst,
                      int exchanges, TcpState state) {
        return add(new InetSocketAddress("127.0.0.1", localPort), new InetSocketAddress("127.0.0.1", serverPort),
                Side.CLIENT, Origin.WINDOW, openedMs, closedMs, closedFirst, exchanges, state, false);
    }

    Activities server(int serverPort, int clientPort, long openedMs, Long closedMs, ClosedFirst closedFirst,
                      int exchanges, TcpState state) {
        return add(new InetSocketAddress("127.0.0.1", serverPort), new InetSocketAddress("127.0.0.1", clientPort),
                Side.SERVER, Origin.UNATTRIBUTED, openedMs, closedMs, closedFirst, exchanges, state, false);
    }

    Activities add(InetSocketAddress local, InetSocketAddress remote, Side side, Origin origin, long openedMs,
                   Long closedMs, ClosedFirst closedFirst, int exchanges, TcpState state, boolean collected) {
        connections.add(new TcpConnection(nextId++, local, remote, side, origin, START.plusMillis(openedMs),
                closedMs == null ? null : START.plusMillis(closedMs), closedFirst, 10L * exchanges,
                20L * exchanges, exchanges, new OpeningSite("main", frame(40 + (int) nextId), List.of()), state,
                collected));
        return this;
    }

    /** A socket socketwatch does not instrument, found in CLOSE_WAIT at {@code foundMs}, as the tracker reports it. */
    Activities untracked(int localPort, int remotePort, Side side, long foundMs) {
        connections.add(new TcpConnection(nextId++, new InetSocketAddress("127.0.0.1", localPort),
                new InetSocketAddress("127.0.0.1", remotePort), side, Origin.UNTRACKED, START.plusMillis(foundMs), null,
                ClosedFirst.PEER, 0, 0, 0, OpeningSite.UNKNOWN, TcpState.CLOSE_WAIT, false));
        return this;
    }

    /** A client-level resource obtained at {@code acquiredMs}, released or not. */
    Activities resource(ClientResource.Kind kind, String target, long acquiredMs, boolean released) {
        resources.add(new ClientResource(nextId, kind, target, new OpeningSite("main", frame(40 + (int) nextId++),
                List.of()), START.plusMillis(acquiredMs), released));
        return this;
    }

    /** A released connection borrowed from a pool whose maximum size a client integration read. */
    Activities pooledResource(String target, int poolMaximumSize) {
        resources.add(new ClientResource(nextId, ClientResource.Kind.POOLED_JDBC_CONNECTION, target,
                new OpeningSite("main", frame(40 + (int) nextId++), List.of()), START, true,
                OptionalInt.of(poolMaximumSize)));
        return this;
    }

    Activities note(String note) {
        notes.add(note);
        return this;
    }

    SocketActivity takenAtMs(long takenMs) {
        return new SocketActivity(connections, START, START.plusMillis(takenMs), 0, notes, resources);
    }
}
