package io.socketwatch.internal.tracker;

import io.socketwatch.internal.os.FourTuple;
import io.socketwatch.model.TcpConnection.Side;
import java.io.IOException;
import java.lang.ref.Reference;
import java.lang.ref.ReferenceQueue;
import java.time.Clock;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The connections of the JVM that are open, by socket object, with the non-blocking connects still pending. Sockets
 * are held weakly: one collected while open is marked as such when the collection is noticed ({@link #drainCollected},
 * {@link #findCollected}).
 *
 * <p>Every socket event of the JVM comes here, so the methods the events call take no lock and allocate nothing but a
 * short-lived look-up probe and the record of a connection they start following.
 */
final class OpenSockets {

    private final ConcurrentHashMap<Object, TrackedConnection> open = new ConcurrentHashMap<>();
    /** Non-blocking connects started and not completed yet, with where and by whom each was started. */
    private final ConcurrentHashMap<Object, PendingConnect> pending = new ConcurrentHashMap<>();
    private final ReferenceQueue<Object> collected = new ReferenceQueue<>();
    private final SharedEndpoints endpoints = new SharedEndpoints();
    private final AtomicLong ids;
    private final Clock clock;
    private final Consumer<TrackedConnection> adopted;

    /**
     * @param ids     the sequence connection ids are taken from, shared with the other records a window reports
     * @param adopted told of each connection adopted ({@link #adopt}), before the read or write that revealed it counts
     */
    OpenSockets(AtomicLong ids, Clock clock, Consumer<TrackedConnection> adopted) {
        this.ids = ids;
        this.clock = clock;
        this.adopted = adopted;
    }

    /** Remembers that a non-blocking connect of {@code socket} is pending, as {@code started} says it was started. */
    void connectPending(Object socket, PendingConnect started) {
        pending.put(new SocketKey.Weak(socket, null), started);
        drainCollected();
    }

    /** Returns and forgets how the pending connect of {@code socket} was started, or {@code null} if none is known. */
    PendingConnect connectCompleted(Object socket) {
        return pending.isEmpty() ? null : pending.remove(SocketKey.probe(socket));
    }

    /**
     * Starts following {@code socket}, just connected or accepted, and returns its record; {@code null} when it is
     * followed already (some connects are reported twice, and {@code finishConnect} reports every call that returns
     * {@code true}, also on a channel connected long ago), was closed meanwhile, or is not connected.
     *
     * @param knownSite where the connect was started, or {@code null} to capture the calling thread's site
     */
    TrackedConnection opened(Object socket, Side side, CapturedSite knownSite) {
        if (open.containsKey(SocketKey.probe(socket))) {
            return null;
        }
        FourTuple tuple = tupleOf(socket);
        if (tuple == null) {
            return null;
        }
        CapturedSite site = knownSite != null ? knownSite : OpeningSites.capture();
        TrackedConnection connection = new TrackedConnection(ids.incrementAndGet(),
                new SocketKey.Weak(socket, collected), endpoints.share(tuple, side), side, clock.instant(), site);
        open.put(connection.key, connection);
        return connection;
    }

    /** This JVM closes {@code socket}: its connection, if followed, is closed and no longer open. */
    void closing(Object socket) {
        if (!pending.isEmpty()) {
            pending.remove(SocketKey.probe(socket));
        }
        TrackedConnection connection = open.remove(SocketKey.probe(socket));
        if (connection != null) {
            connection.onClose(clock.instant());
            // a closed socket's collection means nothing: cleared, its reference costs the collector no work and
            // never comes through the queue (after onClose, so that findCollected never takes it as collected)
            connection.key.clear();
        }
    }

    /**
     * Returns the connection of {@code socket}, adopting it if it was opened before the agent was installed, or
     * {@code null} if it is not a connected socket.
     */
    TrackedConnection connectionOf(Object socket) {
        TrackedConnection connection = open.get(SocketKey.probe(socket));
        return connection != null ? connection : adopt(socket);
    }

    void read(Object socket, long bytes) {
        TrackedConnection connection = connectionOf(socket);
        if (connection != null) {
            connection.onRead(bytes);
        }
    }

    void writing(Object socket) {
        TrackedConnection connection = connectionOf(socket);
        if (connection != null) {
            connection.onWriteStarting();
        }
    }

    void written(Object socket, long bytes) {
        TrackedConnection connection = open.get(SocketKey.probe(socket));
        if (connection != null) {
            connection.onWritten(bytes);
        }
    }

    /**
     * The JDK's {@code HttpURLConnection} put {@code client}'s connection in its keep-alive cache: the connection, if
     * followed, is held there until it is taken out again or closed.
     */
    void keptAlive(Object client) {
        TrackedConnection connection = connectionOfUrlClient(client);
        if (connection != null) {
            connection.onKeptAlive(client);
        }
    }

    /**
     * The JDK's {@code HttpURLConnection} handed {@code client}'s connection to its keep-alive cleaner thread: the
     * connection, if followed, is held there until cached or closed.
     */
    void keepAliveDraining(Object client) {
        TrackedConnection connection = connectionOfUrlClient(client);
        if (connection != null) {
            connection.onKeepAliveDraining(client);
        }
    }

    /**
     * The JDK's {@code HttpURLConnection} is about to close {@code client}'s connection to follow a redirect: the
     * connection, if followed, is marked so.
     */
    void redirectFollowing(Object client) {
        TrackedConnection connection = connectionOfUrlClient(client);
        if (connection != null) {
            connection.onRedirectFollowing();
        }
    }

    /** Returns the followed open connection of {@code client}, a JDK {@code sun.net.www.http.HttpClient}, or null. */
    private TrackedConnection connectionOfUrlClient(Object client) {
        Object socket = JdkKeepAliveCache.trackedSocketOf(client);
        return socket == null ? null : open.get(SocketKey.probe(socket));
    }

    /** Returns the open connections: a live view, which a window takes as its baseline. */
    Collection<TrackedConnection> connections() {
        return open.values();
    }

    /** Returns the open connection with this 4-tuple, or {@code null}. Walks every open connection. */
    TrackedConnection following(FourTuple tuple) {
        for (TrackedConnection connection : open.values()) {
            if (connection.tuple.equals(tuple)) {
                return connection;
            }
        }
        return null;
    }

    /** Marks the connections whose sockets were collected while open, as the reference queue tells. */
    void drainCollected() {
        Reference<?> gone;
        while ((gone = collected.poll()) != null) {
            TrackedConnection connection = open.remove(gone);
            if (connection != null) {
                connection.onCollected(clock.instant());
            }
        }
    }

    /**
     * Decides which of {@code connections}, still open, were dropped by the application: runs a garbage collection
     * (only when one of them is open) and marks those whose socket object is gone. Bounded: one collection. Given
     * none, only drains the queue.
     */
    void findCollected(List<TrackedConnection> connections) {
        drainCollected();
        if (!anyOpen(connections)) {
            return;
        }
        System.gc();
        for (TrackedConnection connection : connections) {
            if (connection.isOpen() && connection.key.get() == null) {
                open.remove(connection.key);
                connection.onCollected(clock.instant());
            }
        }
    }

    private static boolean anyOpen(List<TrackedConnection> connections) {
        for (TrackedConnection connection : connections) {
            if (connection.isOpen()) {
                return true;
            }
        }
        return false;
    }

    /**
     * Starts following a connection first seen on a read or write: one opened before the agent was installed. It
     * predates every window, so the windows open now take it as part of their baseline, with its counters from here
     * on; windows opened later find it among the open connections. Once per connection: later events find it open.
     * Only the JDK's sockets: a Netty native socket read or written unknown was accepted or connected unseen (or is
     * not a TCP socket), and is left to the look for untracked sockets.
     */
    private TrackedConnection adopt(Object socket) {
        if (!SocketAddresses.isJdkSocket(socket)) {
            return null; // a native transport's socket is followed from its connect or accept only
        }
        FourTuple tuple = tupleOf(socket);
        if (tuple == null) {
            return null;
        }
        TrackedConnection connection = new TrackedConnection(ids.incrementAndGet(),
                new SocketKey.Weak(socket, collected), tuple, Side.CLIENT, clock.instant(), CapturedSite.UNKNOWN);
        TrackedConnection raced = open.putIfAbsent(connection.key, connection);
        if (raced != null) {
            return raced;
        }
        adopted.accept(connection);
        return connection;
    }

    /** Returns the socket's local and remote endpoint, or {@code null} if it is closed meanwhile or not connected. */
    private static FourTuple tupleOf(Object socket) {
        try {
            return SocketAddresses.of(socket);
        } catch (IOException closedMeanwhile) {
            return null;
        }
    }
}
