package io.socketwatch.internal.check;

import io.socketwatch.internal.net.Endpoint;
import io.socketwatch.model.ClientResource;
import io.socketwatch.model.SocketActivity;
import io.socketwatch.model.TcpConnection;
import io.socketwatch.model.TcpConnection.Origin;
import io.socketwatch.model.TcpConnection.Side;
import io.socketwatch.model.TcpState;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** What each check finds in an activity. Connections that were open when the window started are never findings. */
public final class Checks {

    private Checks() {
    }

    /**
     * Returns the TIME_WAIT leaks: ends in this JVM sitting in TIME_WAIT of connections that were closed and then
     * replaced by a new connection to the same service endpoint within the window (churn). A connection closed last,
     * with no successor, is not churn. A connection the window's own code opened is replaced only by another of its
     * own: under parallel execution, a neighbour's connection to the same server is no evidence of churn here. Nor is
     * a request a client gave up on ({@link LogicalConnection#abandonedRequest()}): no client can send its next request
     * over a connection that still owes an answer.
     */
    public static List<TcpConnection> timeWaitLeaks(SocketActivity activity) {
        Map<InetSocketAddress, List<LogicalConnection>> byService = new LinkedHashMap<>();
        for (LogicalConnection connection : LogicalConnection.ofWindow(activity)) {
            byService.computeIfAbsent(connection.service(), service -> new ArrayList<>()).add(connection);
        }
        List<TcpConnection> leaks = new ArrayList<>();
        for (List<LogicalConnection> group : byService.values()) {
            for (LogicalConnection connection : group) {
                Optional<Instant> closed = connection.firstClosedAt();
                if (closed.isPresent() && !connection.abandonedRequest() && replaced(connection, closed.get(), group)) {
                    connection.ends().filter(end -> end.state() == TcpState.TIME_WAIT).forEach(leaks::add);
                }
            }
        }
        return leaks;
    }

    private static boolean replaced(LogicalConnection connection, Instant closedAt, List<LogicalConnection> group) {
        for (LogicalConnection other : group) {
            if (other != connection && other.attributed() == connection.attributed()
                    && !other.openedAt().isBefore(closedAt)) {
                return true;
            }
        }
        return false;
    }

    /** Returns every end of the window's connections in TIME_WAIT, churned or not. */
    public static List<TcpConnection> timeWait(SocketActivity activity) {
        return activity.connections().stream()
                .filter(c -> c.origin() != Origin.BASELINE && c.state() == TcpState.TIME_WAIT)
                .toList();
    }

    /**
     * Returns the window's connections in CLOSE_WAIT: the peer closed and this JVM never did. They include this
     * process's sockets that socketwatch does not instrument ({@link Origin#UNTRACKED}) that entered CLOSE_WAIT.
     */
    public static List<TcpConnection> closeWaitLeaks(SocketActivity activity) {
        return activity.connections().stream()
                .filter(c -> c.origin() != Origin.BASELINE && c.state() == TcpState.CLOSE_WAIT)
                .toList();
    }

    /** Returns what client libraries handed the application in the window and it did not release. */
    public static List<ClientResource> unreleased(SocketActivity activity) {
        return activity.resources().stream().filter(resource -> !resource.released()).toList();
    }

    /** Returns what client libraries handed the application for {@code port} in the window and it did not release. */
    public static List<ClientResource> unreleasedTo(SocketActivity activity, int port) {
        return activity.resources().stream()
                .filter(resource -> !resource.released() && PoolSizes.namesPort(resource, port))
                .toList();
    }

    /** Returns the window's connections whose socket was garbage-collected while open. */
    public static List<TcpConnection> collectedWithoutClose(SocketActivity activity) {
        return activity.connections().stream()
                .filter(c -> c.origin() != Origin.BASELINE && c.collectedWithoutClose())
                .toList();
    }

    /**
     * Returns the client ends that exchanged data with {@code endpoint} in the window, or were opened in it: those
     * that were open when it started count only if they were used. Untracked sockets, whose opening and exchanges
     * socketwatch did not see, never count.
     */
    public static List<TcpConnection> clientConnectionsTo(SocketActivity activity, Endpoint endpoint) {
        return activity.connections().stream()
                .filter(c -> c.side() == Side.CLIENT && endpoint.matches(c.remote()))
                .filter(c -> LogicalConnection.seenOpening(c) || c.origin() == Origin.BASELINE && c.exchanges() > 0)
                .toList();
    }

    /** Returns the most client connections to {@code endpoint} that were open at once in the window. */
    public static int maxConcurrent(SocketActivity activity, Endpoint endpoint) {
        List<long[]> events = new ArrayList<>();
        for (TcpConnection connection : clientConnectionsTo(activity, endpoint)) {
            Instant opened = connection.origin() == Origin.BASELINE ? activity.startedAt() : connection.openedAt();
            Instant closed = connection.closedTime().orElse(activity.takenAt());
            events.add(new long[] {nanos(opened), +1});
            events.add(new long[] {nanos(closed), -1});
        }
        events.sort((a, b) -> a[0] != b[0] ? Long.compare(a[0], b[0]) : Long.compare(a[1], b[1]));
        int open = 0;
        int max = 0;
        for (long[] event : events) {
            open += (int) event[1];
            max = Math.max(max, open);
        }
        return max;
    }

    private static long nanos(Instant instant) {
        return instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
    }
}
