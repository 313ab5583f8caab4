package io.socketwatch.model;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One TCP connection seen by socketwatch during a recording window, with the OS state it was in when the window's
 * activity was taken.
 *
 * <p>Counters ({@link #bytesSent()}, {@link #bytesReceived()}, {@link #exchanges()}) cover the window only: for a
 * connection that already existed when the window started ({@link Origin#BASELINE}) they count what happened on it
 * during the window.
 *
 * @param id           unique within this JVM, in the order the tracker first saw the connections
 * @param local        this JVM's end; an IPv4-mapped IPv6 address is given as its IPv4 address
 * @param remote       the peer's end, likewise
 * @param side         whether this JVM connected or accepted
 * @param origin       how the connection relates to the window
 * @param openedAt     when the connection was established, or first seen if it was adopted or is
 *                     {@link Origin#UNTRACKED}
 * @param closedAt     when this JVM closed it; {@code null} while it is open in this JVM
 * @param closedFirst  which end closed first (that end is the one that ends in TIME_WAIT)
 * @param bytesSent    bytes written by this JVM in the window
 * @param bytesReceived bytes read by this JVM in the window
 * @param exchanges    times the connection turned from reading back to writing, plus one once anything was written;
 *                     for HTTP/1.1 and JDBC, the request/response round trips
 * @param openingSite  where the connection was opened; {@link OpeningSite#UNKNOWN} for adopted connections
 * @param state        the socket's OS state, looked up by 4-tuple; {@link TcpState#CLOSE} once it left the OS table
 * @param collectedWithoutClose whether the socket became unreachable and was garbage-collected while still open
 * @param client       the client or connection pool that opened it, where socketwatch saw it built; {@code null}
 *                     otherwise (plain sockets, other libraries, a server end)
 * @param idleAtOpen   the ids of this JVM's connections of other clients to the same endpoint that sat open and idle
 *                     when this one was opened: each had finished an exchange (its last operation was a read) and
 *                     started no other; empty without a {@code client}
 * @param closeReason  why this JVM closed it, where socketwatch saw a reason; {@link CloseReason#UNKNOWN} otherwise
 */
public record TcpConnection(
        long id,
        InetSocketAddress local,
        InetSocketAddress remote,
        Side side,
        Origin origin,
        Instant openedAt,
        Instant closedAt,
        ClosedFirst closedFirst,
        long bytesSent,
        long bytesReceived,
        int exchanges,
        OpeningSite openingSite,
        TcpState state,
        boolean collectedWithoutClose,
        BuiltClient client,
        List<Long> idleAtOpen,
        CloseReason closeReason) {

    /** Why this JVM closed a connection, where socketwatch saw why. */
    public enum CloseReason {
        /** No reason seen, or not closed by this JVM. */
        UNKNOWN,
        /** The JDK's {@code HttpURLConnection} closed it to follow a redirect, as it does for every redirect. */
        REDIRECT_FOLLOWED
    }

    /** Which end of the connection this JVM is. */
    public enum Side {
        /** This JVM connected. */
        CLIENT,
        /** This JVM accepted. */
        SERVER
    }

    /** How a connection relates to the recording window that reports it. */
    public enum Origin {
        /** Opened in the window by a thread of the window's test. */
        WINDOW,
        /** Opened in the window by a thread socketwatch could not tie to one window; reported to every open window. */
        UNATTRIBUTED,
        /** Already open when the window started; never a leak of the window. */
        BASELINE,
        /**
         * A socket of this process that socketwatch's agent never saw, opened by code it does not instrument (a
         * native transport such as Netty's epoll, or JNI code), found in the OS table when it entered CLOSE_WAIT in
         * the window. Only its endpoints, side and state are known: it has no opening site or counters, and
         * {@link TcpConnection#openedAt()} is when it was found. Reported only to a window that ran alone, since it
         * cannot be tied to a test; see {@link UntrackedSockets}.
         */
        UNTRACKED
    }

    /** Which end closed first. */
    public enum ClosedFirst {
        /** Neither end has closed yet as far as this JVM saw. */
        NEITHER,
        /** This JVM closed before it saw end-of-stream from the peer: this end goes to TIME_WAIT. */
        THIS_JVM,
        /** This JVM saw end-of-stream before closing (or never closed): the peer's end goes to TIME_WAIT. */
        PEER
    }

    public TcpConnection {
        Objects.requireNonNull(local, "local");
        Objects.requireNonNull(remote, "remote");
        Objects.requireNonNull(side, "side");
        Objects.requireNonNull(origin, "origin");
        Objects.requireNonNull(openedAt, "openedAt");
        Objects.requireNonNull(closedFirst, "closedFirst");
        Objects.requireNonNull(openingSite, "openingSite");
        Objects.requireNonNull(state, "state");
        idleAtOpen = List.copyOf(idleAtOpen);
        if (bytesSent < 0 || bytesReceived < 0 || exchanges < 0) {
            throw new IllegalArgumentException("negative counter: sent=" + bytesSent + ", received=" + bytesReceived
                    + ", exchanges=" + exchanges);
        }
    }

    /** A connection whose client socketwatch does not know. */
    public TcpConnection(long id, InetSocketAddress local, InetSocketAddress remote, Side side, Origin origin,
                         Instant openedAt, Instant closedAt, ClosedFirst closedFirst, long bytesSent,
                         long bytesReceived, int exchanges, OpeningSite openingSite, TcpState state,
                         boolean collectedWithoutClose) {
        this(id, local, remote, side, origin, openedAt, closedAt, closedFirst, bytesSent, bytesReceived, exchanges,
                openingSite, state, collectedWithoutClose, null, List.of(), CloseReason.UNKNOWN);
    }

    /** Returns the client or connection pool that opened it, if socketwatch saw it built. */
    public Optional<BuiltClient> builtClient() {
        return Optional.ofNullable(client);
    }

    /** Returns when this JVM closed the connection, or empty while it is open here. */
    public Optional<Instant> closedTime() {
        return Optional.ofNullable(closedAt);
    }

    /** Returns whether this JVM has closed its socket. */
    public boolean isClosed() {
        return closedAt != null;
    }

    /** Returns how long the connection lived in this JVM: until it was closed, or until {@code now} if it is open. */
    public Duration age(Instant now) {
        return Duration.between(openedAt, closedAt != null ? closedAt : now);
    }
}
