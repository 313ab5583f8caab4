package io.socketwatch.internal.tracker;

import java.lang.ref.Reference;
import java.lang.ref.ReferenceQueue;
import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The clients and connection pools the application built, each with where it was built, and which of them each new
 * connection belongs to: the one the connecting thread is marked as connecting for ({@link #connectingFor}: OkHttp,
 * Apache HttpClient), or the one a socket was created for before it was connected ({@link #socketFor}: the JDK's
 * {@code HttpClient}, which connects on other threads). A client is known by its pool, held weakly: OkHttp clients
 * derived with {@code newBuilder()} share their pool, and so are one client here.
 *
 * <p>As each connection of a client opens, notes which connections of other clients to the same endpoint sit open and
 * idle ({@link TrackedConnection#idleAfterExchange()}), from the counters the socket events keep anyway: nothing is
 * added to reads and writes. Called on connects and client builds only, never per read or write.
 */
final class BuiltClients {

    /** The pool the calling thread connects for, until its next connect: set by {@link #connectingFor}. */
    private static final ThreadLocal<ClientBuild> CONNECTING_FOR = new ThreadLocal<>();
    private static final long[] NONE = new long[0];

    private final ConcurrentHashMap<Object, ClientBuild> byPool = new ConcurrentHashMap<>();
    private final ReferenceQueue<Object> poolsGone = new ReferenceQueue<>();
    /** Sockets created for a client and not connected yet, held weakly. */
    private final ConcurrentHashMap<Object, ClientBuild> sockets = new ConcurrentHashMap<>();
    private final ReferenceQueue<Object> socketsGone = new ReferenceQueue<>();
    /** The connections of known clients opened so far, pruned of closed ones as connections open. */
    private final Set<TrackedConnection> open = ConcurrentHashMap.newKeySet();
    private final AtomicLong ids = new AtomicLong();

    /** The application built {@code client} here: remembered by its pool, with the calling thread's site. */
    void built(Object client) {
        Object pool = ClientPools.poolOf(client);
        if (pool == null) {
            return;
        }
        drain(poolsGone, byPool);
        Object key = new SocketKey.Weak(pool, poolsGone);
        if (!byPool.containsKey(key)) { // a chained constructor, or a client derived from one: the first build counts
            byPool.putIfAbsent(key, new ClientBuild(ids.incrementAndGet(), ClientPools.typeOf(client),
                    OpeningSites.capture()));
        }
    }

    /** Marks the calling thread as connecting for {@code pool}, or unmarks it when {@code null} or not known. */
    void connectingFor(Object pool) {
        ClientBuild client = pool == null || byPool.isEmpty() ? null : byPool.get(SocketKey.probe(pool));
        if (client == null) {
            CONNECTING_FOR.remove();
        } else {
            CONNECTING_FOR.set(client);
        }
    }

    /** Remembers that {@code socket}, to be connected later, perhaps by another thread, belongs to {@code client}. */
    void socketFor(Object socket, Object client) {
        ClientBuild build = byPool.isEmpty() ? null : byPool.get(SocketKey.probe(client));
        if (build != null) {
            drain(socketsGone, sockets);
            sockets.put(new SocketKey.Weak(socket, socketsGone), build);
        }
    }

    /**
     * Ties {@code connection}, the client end {@code socket} just opened, to its client, if one is known, and notes the
     * connections of other clients to the same endpoint that sit idle now. Takes the calling thread's mark: it serves
     * one connect.
     */
    void opened(TrackedConnection connection, Object socket) {
        ClientBuild client = sockets.isEmpty() ? null : sockets.remove(SocketKey.probe(socket));
        ClientBuild marked = CONNECTING_FOR.get();
        if (marked != null) {
            CONNECTING_FOR.remove();
        }
        if (client == null) {
            client = marked;
        }
        if (client == null) {
            return;
        }
        long[] idle = NONE;
        for (TrackedConnection earlier : open) {
            if (!earlier.isOpen()) {
                open.remove(earlier);
            } else if (earlier.client() != client && earlier.idleAfterExchange()
                    && earlier.tuple.remote().equals(connection.tuple.remote())) {
                idle = Arrays.copyOf(idle, idle.length + 1);
                idle[idle.length - 1] = earlier.id;
            }
        }
        connection.belongsTo(client, idle);
        open.add(connection);
    }

    private static void drain(ReferenceQueue<Object> queue, ConcurrentHashMap<Object, ClientBuild> map) {
        Reference<?> gone;
        while ((gone = queue.poll()) != null) {
            map.remove(gone);
        }
    }
}
