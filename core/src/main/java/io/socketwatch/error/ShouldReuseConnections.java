package io.socketwatch.error;

import io.socketwatch.model.ClientResource;
import io.socketwatch.model.SocketActivity;
import io.socketwatch.model.TcpConnection;
import java.util.List;
import org.assertj.core.error.ErrorMessageFactory;

/** Exchanges with an endpoint went over more connections than allowed, or too few went to it to tell. */
public final class ShouldReuseConnections extends SocketMessage {

    private ShouldReuseConnections(String message) {
        super(message);
    }

    /**
     * Creates the message for {@code connections}, the client connections to {@code endpoint} that the window used.
     *
     * @param endpoint       the endpoint as the user named it, e.g. {@code localhost:8080}
     * @param maxConnections connections allowed
     * @param exchanges      exchanges over those connections in the window
     */
    public static ErrorMessageFactory shouldReuseConnections(SocketActivity activity, String endpoint,
                                                             int maxConnections, long exchanges,
                                                             List<TcpConnection> connections) {
        return shouldReuseConnections(activity, endpoint, maxConnections, exchanges, connections, List.of());
    }

    /**
     * As {@link #shouldReuseConnections(SocketActivity, String, int, long, List)}, where {@code unreleased}, the
     * client resources to {@code endpoint} the application never released, explain the failure: each keeps its
     * connection out of the pool, so that later requests open new connections: when at least two exchanges went to
     * the endpoint, the message starts with them.
     */
    public static ErrorMessageFactory shouldReuseConnections(SocketActivity activity, String endpoint,
                                                             int maxConnections, long exchanges,
                                                             List<TcpConnection> connections,
                                                             List<ClientResource> unreleased) {
        String expectation = "Expecting socket activity to reuse connections to " + endpoint + " (at most "
                + ConnectionLines.connections(maxConnections) + "), but ";
        if (!unreleased.isEmpty() && exchanges >= 2) {
            return new ShouldReuseConnections("\n" + expectation + ConnectionLines.exchanges(exchanges) + " went over "
                    + ConnectionLines.connections(connections.size())
                    + ConnectionLines.keptOutOfThePool(unreleased, connections, activity)
                    + ConnectionLines.notes(activity));
        }
        if (exchanges < 2) {
            return new ShouldReuseConnections("\n" + expectation + "only " + ConnectionLines.exchanges(exchanges)
                    + " went to it over " + ConnectionLines.connections(connections.size())
                    + ": reuse needs at least 2.\n"
                    + ConnectionLines.lines(connections, activity, ConnectionLines::fate)
                    + "Check the host and port, or make the test send at least two requests.\n"
                    + ConnectionLines.notes(activity));
        }
        return new ShouldReuseConnections("\n" + expectation + ConnectionLines.exchanges(exchanges) + " went over "
                + ConnectionLines.connections(connections.size()) + ":\n"
                + ConnectionLines.lines(connections, activity, ConnectionLines::fate)
                + "Fix: share one client with a connection pool, read each response to the end and close it so its "
                + "connection returns to the pool, and keep the server's keep-alive on.\n"
                + ConnectionLines.notes(activity));
    }

    /**
     * As {@link #shouldReuseConnections(SocketActivity, String, int, long, List)}, where a client built per call
     * explains the failure: the message starts with it and names the line that built each connection's client.
     */
    public static ErrorMessageFactory shouldReuseConnectionsBuiltPerCall(SocketActivity activity, String endpoint,
                                                                         int maxConnections, long exchanges,
                                                                         List<TcpConnection> connections) {
        return new ShouldReuseConnections("\nExpecting socket activity to reuse connections to " + endpoint
                + " (at most " + ConnectionLines.connections(maxConnections) + "), but "
                + ConnectionLines.exchanges(exchanges) + " went over " + ConnectionLines.connections(connections.size())
                + ", because a client was built per call: each call's new client opened a connection of its own "
                + "while the previous client's sat open and idle:\n"
                + ConnectionLines.lines(connections, activity, connection -> {
                    String built = ConnectionLines.builtAt(connection);
                    return built.isEmpty() ? ConnectionLines.fate(connection) : built;
                })
                + ConnectionLines.shareOneClient()
                + ConnectionLines.notes(activity));
    }
}
