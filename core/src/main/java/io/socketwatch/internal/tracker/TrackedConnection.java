package io.socketwatch.internal.tracker;

import io.socketwatch.OpeningSite;
import io.socketwatch.TcpConnection.ClosedFirst;
import io.socketwatch.TcpConnection.Side;
import io.socketwatch.internal.os.FourTuple;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

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
    final Instant openedAt;
    final OpeningSite site;

    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong received = new AtomicLong();
    private final AtomicInteger exchanges = new AtomicInteger();
    private volatile boolean lastWasRead;
    private volatile boolean wroteAny;
    private volatile boolean endOfStreamSeen;
    private volatile Instant closedAt;
    private volatile ClosedFirst closedFirst = ClosedFirst.NEITHER;
    private volatile boolean collected;

    TrackedConnection(long id, SocketKey.Weak key, FourTuple tuple, Side side, Instant openedAt, OpeningSite site) {
        this.id = id;
        this.key = key;
        this.tuple = tuple;
        this.side = side;
        this.openedAt = openedAt;
        this.site = site;
    }

    /** A read returned {@code bytes}, or -1 for end-of-stream: the peer closed its side. */
    void onRead(long bytes) {
        if (bytes < 0) {
            if (closedAt == null && !endOfStreamSeen) {
                endOfStreamSeen = true;
                closedFirst = ClosedFirst.PEER;
            }
            return;
        }
        received.addAndGet(bytes);
        lastWasRead = true;
    }

    /** A write of {@code bytes}: a write after a read, or the first write, starts an exchange. */
    void onWrite(long bytes) {
        sent.addAndGet(bytes);
        if (lastWasRead || !wroteAny) {
            exchanges.incrementAndGet();
        }
        lastWasRead = false;
        wroteAny = true;
    }

    /** This JVM closes the socket; the first close counts. */
    synchronized void onClose(Instant now) {
        if (closedAt == null) {
            closedAt = now;
            if (!endOfStreamSeen) {
                closedFirst = ClosedFirst.THIS_JVM;
            }
        }
    }

    /** The socket object was garbage-collected while open. */
    synchronized void onCollected(Instant now) {
        if (closedAt == null) {
            collected = true;
            closedAt = now;
            if (!endOfStreamSeen) {
                closedFirst = ClosedFirst.THIS_JVM;
            }
        }
    }

    Counters counters() {
        return new Counters(sent.get(), received.get(), exchanges.get());
    }

    Instant closedAt() {
        return closedAt;
    }

    boolean isOpen() {
        return closedAt == null;
    }

    ClosedFirst closedFirst() {
        return closedFirst;
    }

    boolean collected() {
        return collected;
    }
}
