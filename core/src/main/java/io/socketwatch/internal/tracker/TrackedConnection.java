package io.socketwatch.internal.tracker;

import io.socketwatch.internal.os.FourTuple;
import io.socketwatch.model.TcpConnection.ClosedFirst;
import io.socketwatch.model.TcpConnection.Side;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.lang.ref.WeakReference;
import java.time.Instant;

/**
 * What the tracker knows of one connection while it lives: identity, opening site, counters, and how it ended.
 * Updated by the threads that use the socket; counters are atomic, the rest is written once.
 */
final class TrackedConnection {

    /**
     * Counter values at one moment, to report a connection's activity within a window. Its exchanges are those a client
     * library counted, if it counted any, else its read/write turns.
     */
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
    /** Where it was opened; replaced at most once, by {@link #acquiredFromPool}, before any window reports it. */
    volatile CapturedSite site;
    private final long openedAt; // nanoseconds since the epoch, as the times below: a long each, not an Instant

    // Counters and state as plain volatile fields, updated through VarHandles: thousands of closed connections are
    // retained per window, so each keeps no object beyond itself, its key, its tuple and its site.
    private volatile long sent;
    private volatile long received;
    private volatile int exchanges;
    private volatile boolean lastWasRead;
    private volatile boolean wroteAny;
    /** Runs TLS: its exchanges are turns of application data ({@link #onTlsRead}, {@link #onTlsWriteStarting}). */
    private volatile boolean tls;
    /** Request/response exchanges a client library started on it; when any, they are its exchanges. */
    private volatile int libraryExchanges;
    private volatile boolean endOfStreamSeen;
    private volatile long closedAt; // 0 while open
    private volatile ClosedFirst closedFirst = ClosedFirst.NEITHER;
    private volatile boolean collected;
    /**
     * The thread that read or wrote it last, while it is open (let go at close, so that the closed connections a
     * window retains hold no thread): stored with release and read with acquire semantics, which cost no fence on x86.
     */
    private SocketThread lastUser;
    /** For a server end, the thread that accepted it (often the one that closes it), while it is open; else null. */
    private SocketThread acceptedBy;
    /**
     * The JDK {@code HttpURLConnection} client that put it in the JDK's keep-alive cache, held weakly (it holds the
     * socket): set once, when first cached, and let go at close.
     */
    private volatile WeakReference<Object> keepAliveClient;
    /** Whether the JDK's keep-alive cleaner thread holds it, reading the rest of an answer closed unread. */
    private volatile boolean drainingForKeepAlive;
    /** Whether the JDK's {@code HttpURLConnection} closed it to follow a redirect. */
    private volatile boolean closedForRedirect;
    /** The client that opened it, where known: set once, right after it opened, before any window reports it. */
    private volatile ClientBuild client;
    /** The ids of other clients' connections to its endpoint that sat idle when it opened; set with the client. */
    private volatile long[] idleAtOpen;

    private static final VarHandle SENT;
    private static final VarHandle RECEIVED;
    private static final VarHandle EXCHANGES;
    private static final VarHandle LIBRARY_EXCHANGES;
    private static final VarHandle LAST_USER;
    private static final VarHandle ACCEPTED_BY;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            SENT = lookup.findVarHandle(TrackedConnection.class, "sent", long.class);
            RECEIVED = lookup.findVarHandle(TrackedConnection.class, "received", long.class);
            EXCHANGES = lookup.findVarHandle(TrackedConnection.class, "exchanges", int.class);
            LIBRARY_EXCHANGES = lookup.findVarHandle(TrackedConnection.class, "libraryExchanges", int.class);
            LAST_USER = lookup.findVarHandle(TrackedConnection.class, "lastUser", SocketThread.class);
            ACCEPTED_BY = lookup.findVarHandle(TrackedConnection.class, "acceptedBy", SocketThread.class);
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
            ACCEPTED_BY.setRelease(this, SocketThread.current()); // made on the accepting thread
        }
    }

    /**
     * A pool handed it to the application, which asked for it at {@code acquired}: a connection a library's own thread
     * opened for the pool (its site names no application code, as a Reactor Netty connection opened on its event loop)
     * takes that site, the line that made the pool open it. A site that names application code is kept.
     */
    void acquiredFromPool(CapturedSite acquired) {
        if (site.resolve().frame() == null) {
            site = acquired;
        }
    }

    /** A read returned {@code bytes}, or -1 for end-of-stream: the peer closed its side. */
    void onRead(long bytes) {
        LAST_USER.setRelease(this, SocketThread.current());
        if (bytes < 0) {
            if (closedAt == 0 && !endOfStreamSeen) {
                endOfStreamSeen = true;
                closedFirst = ClosedFirst.PEER;
            }
            return;
        }
        RECEIVED.getAndAdd(this, bytes);
        if (!tls) {
            lastWasRead = true;
        }
    }

    /** A write starts: a write after a read, or the first write, starts an exchange, unless the connection runs TLS. */
    void onWriteStarting() {
        LAST_USER.setRelease(this, SocketThread.current());
        if (!tls) {
            turn();
        }
    }

    /**
     * The connection starts TLS: from now on its handshake's records and its raw reads and writes no longer make
     * exchanges; its application data's do. Exchanges counted before (such as a PostgreSQL SSL request) stay.
     */
    void onTlsStarting() {
        tls = true;
    }

    /** Its TLS end read application data. */
    void onTlsRead() {
        lastWasRead = true;
    }

    /** Its TLS end starts to write application data: a write after a read, or the first, starts an exchange. */
    void onTlsWriteStarting() {
        turn();
    }

    /**
     * A client library starts a request/response exchange on it (OkHttp, HTTP/1.1 or an HTTP/2 stream; the JDK
     * {@code HttpClient}'s HTTP/2 stream): once one has, these are its exchanges, not its read/write turns, which an
     * HTTP/2 connection's own frames make too and its concurrent streams share.
     */
    void onLibraryExchange() {
        LIBRARY_EXCHANGES.getAndAdd(this, 1);
    }

    private void turn() {
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

    /** {@code client}, the JDK's {@code HttpURLConnection} client of this connection, put it in its keep-alive cache. */
    void onKeptAlive(Object client) {
        knowKeepAliveClient(client);
        drainingForKeepAlive = false; // the cache's own flag tells from now on
    }

    /** {@code client} handed it to the JDK's keep-alive cleaner thread, to read the rest of an unread answer. */
    void onKeepAliveDraining(Object client) {
        knowKeepAliveClient(client);
        drainingForKeepAlive = true;
    }

    private void knowKeepAliveClient(Object client) {
        WeakReference<Object> known = keepAliveClient;
        if (known == null || known.get() != client) {
            keepAliveClient = new WeakReference<>(client);
        }
    }

    /** The JDK's {@code HttpURLConnection} is about to close it to follow a redirect. */
    void onRedirectFollowing() {
        closedForRedirect = true;
    }

    /** Returns whether the JDK's {@code HttpURLConnection} closed it, or is closing it, to follow a redirect. */
    boolean closedForRedirect() {
        return closedForRedirect;
    }

    /**
     * Returns whether it is open and held now by the JDK's keep-alive machinery, which keeps it reachable: in the
     * keep-alive cache, or with the cleaner thread that reads the rest of an answer closed unread.
     */
    boolean heldByJdkKeepAlive() {
        WeakReference<Object> known = keepAliveClient;
        Object client = known == null ? null : known.get();
        return client != null && isOpen() && (drainingForKeepAlive || JdkKeepAliveCache.holds(client));
    }

    /** This JVM closes the socket; the first close counts. */
    synchronized void onClose(Instant now) {
        LAST_USER.setRelease(this, null);
        ACCEPTED_BY.setRelease(this, null);
        keepAliveClient = null;
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
        int fromLibrary = libraryExchanges;
        return new Counters(sent, received, fromLibrary > 0 ? fromLibrary : exchanges);
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
    SocketThread lastUser() {
        return (SocketThread) LAST_USER.getAcquire(this);
    }

    /** Returns the thread that accepted this server end, or {@code null} for a client end or once closed. */
    SocketThread acceptedBy() {
        return (SocketThread) ACCEPTED_BY.getAcquire(this);
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
