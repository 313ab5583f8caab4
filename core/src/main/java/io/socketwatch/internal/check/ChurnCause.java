package io.socketwatch.internal.check;

import io.socketwatch.model.ClientResource;
import io.socketwatch.model.SocketActivity;
import io.socketwatch.model.TcpConnection;
import io.socketwatch.model.TcpConnection.Side;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Why connections were churned, as far as the activity tells: who closed each first, whether it carried any
 * exchange, which client integration handed it out, and what else this JVM was doing. The failure message gives the
 * fix that fits each cause.
 */
public enum ChurnCause {
    /** The JDK's {@code HttpURLConnection} closed each to follow a redirect, as it does for every redirect. */
    REDIRECT_FOLLOWED,
    /** Opened and closed without a single exchange: a readiness check or a port probe. */
    NO_EXCHANGE,
    /** A JDBC connection from {@code DriverManager} per unit of work, to a database endpoint. */
    JDBC_CONNECTION_PER_REQUEST,
    /** This JVM's server end closed first: the server ends each connection after answering. */
    SERVER_CLOSES,
    /** This JVM opened them while it served connections accepted on another port: a proxy without upstream keep-alive. */
    PROXY_WITHOUT_UPSTREAM_KEEP_ALIVE,
    /** This JVM's client end closed first after using it: a client per request, or {@code Connection: close} sent. */
    CLIENT_CLOSES;

    /** Returns {@code leaks}, the churned ends in TIME_WAIT, grouped by cause, in the order of this enum. */
    public static Map<ChurnCause, List<TcpConnection>> of(SocketActivity activity, List<TcpConnection> leaks) {
        Map<ChurnCause, List<TcpConnection>> byCause = new EnumMap<>(ChurnCause.class);
        for (TcpConnection end : leaks) {
            TcpConnection peer = end.side() == Side.SERVER ? peerInThisJvm(activity, end) : null;
            if (peer == null || !leaks.contains(peer)) { // both ends closed at once: the client's end tells the cause
                byCause.computeIfAbsent(of(activity, end), cause -> new ArrayList<>()).add(end);
            }
        }
        return byCause;
    }

    private static ChurnCause of(SocketActivity activity, TcpConnection end) {
        if (end.closeReason() == TcpConnection.CloseReason.REDIRECT_FOLLOWED) {
            return REDIRECT_FOLLOWED;
        }
        TcpConnection peer = peerInThisJvm(activity, end);
        if (end.exchanges() == 0 && (peer == null || peer.exchanges() == 0)) {
            return NO_EXCHANGE;
        }
        InetSocketAddress service = end.side() == Side.CLIENT ? end.remote() : end.local();
        if (jdbcConnectionTo(activity, service.getPort())) {
            return JDBC_CONNECTION_PER_REQUEST;
        }
        if (end.side() == Side.SERVER) {
            return SERVER_CLOSES;
        }
        return servingOtherConnections(activity, end) ? PROXY_WITHOUT_UPSTREAM_KEEP_ALIVE : CLIENT_CLOSES;
    }

    /** Returns the other end of {@code end} when it is in this JVM too (a loopback connection), or {@code null}. */
    public static TcpConnection peerInThisJvm(SocketActivity activity, TcpConnection end) {
        for (TcpConnection other : activity.connections()) {
            if (other.side() != end.side() && other.local().equals(end.remote())
                    && other.remote().equals(end.local())) {
                return other;
            }
        }
        return null;
    }

    private static boolean jdbcConnectionTo(SocketActivity activity, int port) {
        for (ClientResource resource : activity.resources()) {
            if (resource.kind() == ClientResource.Kind.JDBC_CONNECTION && PoolSizes.namesPort(resource, port)) {
                return true;
            }
        }
        return false;
    }

    /** Whether a server end on another port was open when {@code client} was opened. */
    private static boolean servingOtherConnections(SocketActivity activity, TcpConnection client) {
        for (TcpConnection other : activity.connections()) {
            if (other.side() == Side.SERVER && other.local().getPort() != client.remote().getPort()
                    && !other.openedAt().isAfter(client.openedAt())
                    && other.closedTime().map(closed -> closed.isAfter(client.openedAt())).orElse(true)) {
                return true;
            }
        }
        return false;
    }
}
