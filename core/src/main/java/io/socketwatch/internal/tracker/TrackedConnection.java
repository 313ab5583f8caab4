package io.socketwatch.internal.tracker;

import io.socketwatch.internal.os.FourTuple;
import io.socketwatch.model.TcpConnection.ClosedFirst;
import io.socketwatch.model.TcpConnection.Side;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Instant;

/**
 * What the tracker knows of one connection while it lives: identity, opening site, counters, and how it ended.
 * Updated by the threads that use the socket; counters are atomic, the rest is written once.
 */
final class TrackedConnection {

    /** Counter values at one moment, to report a connection's activity within a window. */
    record Counters(long sent, long received, int exchanges) {

        static final Counters ZERO = new Counters(0, 0, 0);

        Counters minus(Counters earlier) {
            return new Counters(sent - earlier.sent, received - earlier.received, exchanges - earlier.exchanges);
        }
    }

    final long id;
    final SocketKey.Weak key;
    final FourTuple tuple;
    final Side side;
    final CapturedSite site;
    private final long openedAt; // nanoseconds since the epoch, as the times below: a long each, not an Instant

    // Counters and state as plain volatile fields, updated through VarHandles: thousands of closed connections are
    // retained per window, so each keeps no object beyond itself, its key, its tuple and its site.
    private volatile long sent;
    private volatile long received;
    private volatile int exchanges;
    private volatile boolean lastWasRead;
    private volatile boolean wroteAny;
    private volatile boolean endOfStreamSeen;
    private volatile long closedAt; // 0 while open
    private volatile ClosedFirst closedFirst = ClosedFirst.NEITHER;
    private volatile boolean collected;
    /**
     * The thread that read or wrote it last, while it is open (let go at close, so that the closed connections a
     * window retains hold no thread): stored with release and read with acquire semantics, which cost no fence on x86.
     */
    private Thread lastUser;
    /** For a server end, the thread that accepted it (often the one that closes it), while it is open; else null. */
    private Thread acceptedBy;
    /** The client that opened it, where known: set once, right after it opened, before any window reports it. */
    private volatile ClientBuild client;
    /** The ids of other clients' connections to its endpoint that sat idle when it opened; set with the client. */
    private volatile long[] idleAtOpen;

    private static final VarHandle SENT;
    private static final VarHandle RECEIVED;
    private static final VarHandle EXCHANGES;
    private static final VarHandle LAST_USER;
    private static final VarHandle ACCEPTED_BY;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            SENT = lookup.findVarHandle(TrackedConnection.class, "sent", long.class);
            RECEIVED = lookup.findVarHandle(TrackedConnection.class, "received", long.class);
            EXCHANGES = lookup.findVarHandle(TrackedConnection.class, "exchanges", int.class);
            LAST_USER = lookup.findVarHandle(TrackedConnection.class, "lastUser", Thread.class);
            ACCEPTED_BY = lookup.findVarHandle(TrackedConnection.class, "acceptedBy", Thread.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    TrackedConnection(long id, SocketKey.Weak key, FourTuple tuple, Side side, Instant openedAt, CapturedSite site) {
        this.id = id;
        this.key = key;
        this.tuple = tuple;
        this.side = side;
        this.openedAt = nanos(openedAt);
        this.site = site;
        if (side == Side.SERVER) {
            ACCEPTED_BY.setRelease(this, Thread.currentThread()); // made on the accepting thread
        }
    }

    /** A read returned {@code bytes}, or -1 for end-of-stream: the peer closed its side. */
    void onRead(long bytes) {
        LAST_USER.setRelease(this, Thread.currentThread());
        if (bytes < 0) {
            if (closedAt == 0 && !endOfStreamSeen) {
                endOfStreamSeen = true;
                closedFirst = ClosedFirst.PEER;
            }
            return;
        }
        RECEIVED.getAndAdd(this, bytes);
        lastWasRead = true;
    }

    /** A write starts: a write after a read, or the first write, starts an exchange. */
    void onWriteStarting() {
        LAST_USER.setRelease(this, Thread.currentThread());
        if (lastWasRead || !wroteAny) {
            EXCHANGES.getAndAdd(this, 1);
        }
        lastWasRead = false;
        wroteAny = true;
    }

    /** A write of {@code bytes} completed. */
    void onWritten(long bytes) {
        SENT.getAndAdd(this, bytes);
    }

    /** This JVM closes the socket; the first close counts. */
    synchronized void onClose(Instant now) {
        LAST_USER.setRelease(this, null);
        ACCEPTED_BY.setRelease(this, null);
        if (closedAt == 0) {
            closedAt = nanos(now);
            if (!endOfStreamSeen) {
                closedFirst = ClosedFirst.THIS_JVM;
            }
        }
    }

    /** The socket object was garbage-collected while open. */
    synchronized void onCollected(Instant now) {
        LAST_USER.setRelease(this, null);
        ACCEPTED_BY.setRelease(this, null);
        if (closedAt == 0) {
            collected = true;
            closedAt = nanos(now);
            if (!endOfStreamSeen) {
                closedFirst = ClosedFirst.THIS_JVM;
            }
        }
    }

    /** Ties it to {@code client}, which opened it while the connections {@code idleAtOpen} sat idle. */
    void belongsTo(ClientBuild client, long[] idleAtOpen) {
        this.idleAtOpen = idleAtOpen;
        this.client = client;
    }

    /** Returns the client that opened it, or {@code null} if not known. */
    ClientBuild client() {
        return client;
    }

    /** Returns the ids of the connections that sat idle when it opened (see {@link BuiltClients}); null: none. */
    long[] idleAtOpen() {
        return idleAtOpen;
    }

    /**
     * Returns whether it is open and idle after an exchange: its last operation was a read (the answer), and no write
     * started another exchange since. A read of a long answer in parts looks idle between its parts.
     */
    boolean idleAfterExchange() {
        return closedAt == 0 && exchanges > 0 && lastWasRead;
    }

    Counters counters() {
        return new Counters(sent, received, exchanges);
    }

    Instant openedAt() {
        return instant(openedAt);
    }

    /** Returns when it was closed (or found collected), or {@code null} while open. */
    Instant closedAt() {
        long at = closedAt;
        return at == 0 ? null : instant(at);
    }

    /** Returns the thread that read or wrote it last, or {@code null} if none has yet. */
    Thread lastUser() {
        return (Thread) LAST_USER.getAcquire(this);
    }

    /** Returns the thread that accepted this server end, or {@code null} for a client end or once closed. */
    Thread acceptedBy() {
        return (Thread) ACCEPTED_BY.getAcquire(this);
    }

    boolean isOpen() {
        return closedAt == 0;
    }

    ClosedFirst closedFirst() {
        return closedFirst;
    }

    boolean collected() {
        return collected;
    }

    private static long nanos(Instant instant) {
        return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000_000L), instant.getNano());
    }

    private static Instant instant(long nanos) {
        return Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L));
    }
}
