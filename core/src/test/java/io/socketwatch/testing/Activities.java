package io.socketwatch.testing;

import io.socketwatch.model.BuiltClient;
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

/**
 * Builds activities by hand for tests of assertions and their messages: values as the tracker would report them, with
 * fixed times. Each connection or resource is opened at {@code com.acme.OrderClient.fetch(OrderClient.java:n)}, n
 * growing with each one added: 42 for a first connection, 41 for a first resource.
 */
public final class Activities {

    public static final Instant START = Instant.parse("2026-11-24T10:00:00Z");
    private final List<TcpConnection> connections = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private final List<ClientResource> resources = new ArrayList<>();
    private long nextId = 1;

    private Activities() {
    }

    /** Starts an activity without connections, resources or notes. */
    public static Activities activity() {
        return new Activities();
    }

    /** Returns the application frame of every site here, {@code com.acme.OrderClient.fetch(OrderClient.java:line)}. */
    public static StackTraceElement frame(int line) {
        return new StackTraceElement("com.acme.OrderClient", "fetch", "OrderClient.java", line);
    }

    /** A client connection from {@code localPort} to {@code server}, opened and closed at the given milliseconds. */
    public Activities client(int localPort, int serverPort, long openedMs, Long closedMs, ClosedFirst closedFirst,
                      int exchanges, TcpState state) {
        return add(new InetSocketAddress("127.0.0.1", localPort), new InetSocketAddress("127.0.0.1", serverPort),
                Side.CLIENT, Origin.WINDOW, openedMs, closedMs, closedFirst, exchanges, state, false);
    }

    /** A server connection on {@code serverPort} from {@code clientPort}, accepted by a thread of no window. */
    public Activities server(int serverPort, int clientPort, long openedMs, Long closedMs, ClosedFirst closedFirst,
                      int exchanges, TcpState state) {
        return add(new InetSocketAddress("127.0.0.1", serverPort), new InetSocketAddress("127.0.0.1", clientPort),
                Side.SERVER, Origin.UNATTRIBUTED, openedMs, closedMs, closedFirst, exchanges, state, false);
    }

    /** A connection with every part given; {@code collected} for one garbage-collected while open. */
    public Activities add(InetSocketAddress local, InetSocketAddress remote, Side side, Origin origin, long openedMs,
                   Long closedMs, ClosedFirst closedFirst, int exchanges, TcpState state, boolean collected) {
        connections.add(new TcpConnection(nextId++, local, remote, side, origin, START.plusMillis(openedMs),
                closedMs == null ? null : START.plusMillis(closedMs), closedFirst, 10L * exchanges,
                20L * exchanges, exchanges, new OpeningSite("main", frame(40 + (int) nextId), List.of()), state,
                collected));
        return this;
    }

    /**
     * A client connection opened by client {@code clientId} (an {@code OkHttpClient} built at
     * {@code com.acme.OrderClient.fetch(OrderClient.java:builtAtLine)}), while the connections {@code idleAtOpen}
     * (by id, counted from 1 in the order added) sat open and idle; open still.
     */
    public Activities builtClient(int localPort, int serverPort, long openedMs, int exchanges, long clientId,
                                  int builtAtLine, Long... idleAtOpen) {
        connections.add(new TcpConnection(nextId++, new InetSocketAddress("127.0.0.1", localPort),
                new InetSocketAddress("127.0.0.1", serverPort), Side.CLIENT, Origin.WINDOW, START.plusMillis(openedMs),
                null, ClosedFirst.NEITHER, 10L * exchanges, 20L * exchanges, exchanges,
                new OpeningSite("main", frame(40 + (int) nextId), List.of()), TcpState.ESTABLISHED, false,
                new BuiltClient(clientId, "OkHttpClient", new OpeningSite("main", frame(builtAtLine), List.of())),
                List.of(idleAtOpen), TcpConnection.CloseReason.UNKNOWN));
        return this;
    }

    /**
     * Starts an activity of three clients built per call to {@code 127.0.0.1:8080}, each built at line 30: each opened
     * its connection, used for one exchange, 4 ms after the previous one, while the earlier ones sat idle.
     */
    public static Activities clientsBuiltPerCall() {
        return activity()
                .builtClient(50001, 8080, 0, 1, 1, 30)
                .builtClient(50002, 8080, 4, 1, 2, 30, 1L)
                .builtClient(50003, 8080, 8, 1, 3, 30, 1L, 2L);
    }

    /** A socket socketwatch does not instrument, found in CLOSE_WAIT at {@code foundMs}, as the tracker reports it. */
    public Activities untracked(int localPort, int remotePort, Side side, long foundMs) {
        connections.add(new TcpConnection(nextId++, new InetSocketAddress("127.0.0.1", localPort),
                new InetSocketAddress("127.0.0.1", remotePort), side, Origin.UNTRACKED, START.plusMillis(foundMs), null,
                ClosedFirst.PEER, 0, 0, 0, OpeningSite.UNKNOWN, TcpState.CLOSE_WAIT, false));
        return this;
    }

    /** A client-level resource obtained at {@code acquiredMs}, released or not. */
    public Activities resource(ClientResource.Kind kind, String target, long acquiredMs, boolean released) {
        resources.add(new ClientResource(nextId, kind, target, new OpeningSite("main", frame(40 + (int) nextId++),
                List.of()), START.plusMillis(acquiredMs), released));
        return this;
    }

    /** A released connection borrowed from a pool whose maximum size a client integration read. */
    public Activities pooledResource(String target, int poolMaximumSize) {
        resources.add(new ClientResource(nextId, ClientResource.Kind.POOLED_JDBC_CONNECTION, target,
                new OpeningSite("main", frame(40 + (int) nextId++), List.of()), START, true,
                OptionalInt.of(poolMaximumSize)));
        return this;
    }

    /** Adds a note, as the tracker adds one for what limits the activity. */
    public Activities note(String note) {
        notes.add(note);
        return this;
    }

    /** Returns the activity as taken {@code takenMs} after the window started. */
    public SocketActivity takenAtMs(long takenMs) {
        return new SocketActivity(connections, START, START.plusMillis(takenMs), 0, notes, resources);
    }
}
