package io.socketwatch.internal.check;

import io.socketwatch.model.SocketActivity;
import io.socketwatch.model.TcpConnection;
import io.socketwatch.model.TcpConnection.Origin;
import io.socketwatch.model.TcpConnection.Side;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A client built per call: connections to one endpoint, each opened by a client of its own (an OkHttp client, a JDK
 * {@code HttpClient}, an Apache connection manager, see {@link io.socketwatch.model.BuiltClient}) and used for about
 * one exchange, each opened while an earlier one of the window to that endpoint, of another client, sat open and idle.
 *
 * <p>Not one: requests running at once (the earlier connections were busy), one client's pool growing (its
 * connections share one client), a pool filling its minimum idle connections or a JDBC pool (no client of theirs is
 * followed), HTTP/2 multiplexing (one connection), two clients built on purpose, each reusing its own connection (it
 * takes {@value #MIN_CLIENTS} clients, each with at most {@value #MAX_EXCHANGES} exchanges).
 *
 * @param endpoint    the endpoint connected to
 * @param connections the connections, in the order they were opened, each of another client
 */
public record ClientPerCall(InetSocketAddress endpoint, List<TcpConnection> connections) {

    /** Clients, one connection each, it takes. */
    public static final int MIN_CLIENTS = 3;

    /**
     * Exchanges a connection used "for about one exchange" may have: one request and its answer, counted up to three
     * over TLS, whose handshake's turns count as exchanges.
     */
    public static final int MAX_EXCHANGES = 3;

    public ClientPerCall {
        connections = List.copyOf(connections);
    }

    /** Returns the findings of the window's connections opened by its own code, one per endpoint. */
    public static List<ClientPerCall> of(SocketActivity activity) {
        Map<Long, TcpConnection> candidates = new HashMap<>();
        for (TcpConnection connection : activity.connections()) {
            if (connection.client() != null && connection.side() == Side.CLIENT
                    && connection.origin() == Origin.WINDOW && connection.exchanges() <= MAX_EXCHANGES) {
                candidates.put(connection.id(), connection);
            }
        }
        if (candidates.size() < MIN_CLIENTS) {
            return List.of(); // most tests
        }
        Map<InetSocketAddress, Set<TcpConnection>> byEndpoint = new LinkedHashMap<>();
        for (TcpConnection connection : activity.connections()) {
            if (candidates.get(connection.id()) != connection) {
                continue;
            }
            for (Long id : connection.idleAtOpen()) {
                TcpConnection idle = candidates.get(id);
                if (idle != null && idle.remote().equals(connection.remote())
                        && idle.client().id() != connection.client().id()) {
                    Set<TcpConnection> found = byEndpoint.computeIfAbsent(connection.remote(),
                            endpoint -> new HashSet<>());
                    found.add(idle);
                    found.add(connection);
                }
            }
        }
        List<ClientPerCall> findings = new ArrayList<>();
        byEndpoint.forEach((endpoint, found) -> {
            long clients = found.stream().mapToLong(connection -> connection.client().id()).distinct().count();
            if (clients >= MIN_CLIENTS) {
                List<TcpConnection> inOrder = new ArrayList<>(found);
                inOrder.sort((a, b) -> Long.compare(a.id(), b.id()));
                findings.add(new ClientPerCall(endpoint, inOrder));
            }
        });
        return findings;
    }

    /** Returns the connections of all {@code findings}. */
    public static List<TcpConnection> connectionsOf(List<ClientPerCall> findings) {
        List<TcpConnection> all = new ArrayList<>();
        findings.forEach(finding -> all.addAll(finding.connections));
        return all;
    }
}
