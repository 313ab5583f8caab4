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
 * {@code HttpClient}, an Apache connection manager, see {@link io.socketwatch.model.BuiltClient}), all built at one line
 * (a loop, or a method called per call), each used for about one exchange and opened while an earlier one of the
 * window to that endpoint, of another client, sat open and idle.
 *
 * <p>Not one: requests running at once (the earlier connections were busy), one client's pool growing (its
 * connections share one client), a pool filling its minimum idle connections or a JDBC pool (no client of theirs is
 * followed), HTTP/2 multiplexing (one connection), clients built on purpose: at different lines, or two, or each
 * reusing its own connection (it takes {@value #MIN_CLIENTS} clients built at one line, each connection with at most
 * {@value #MAX_EXCHANGES} exchanges). Not found: clients built per call at different lines (copied code).
 *
 * @param endpoint    the endpoint connected to
 * @param builtAt     where each of the clients was built
 * @param connections the connections, in the order they were opened, each of another client
 */
public record ClientPerCall(InetSocketAddress endpoint, String builtAt, List<TcpConnection> connections) {

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
        Map<List<Object>, Set<TcpConnection>> byEndpointAndLine = new LinkedHashMap<>();
        for (TcpConnection connection : activity.connections()) {
            if (candidates.get(connection.id()) != connection) {
                continue;
            }
            for (Long id : connection.idleAtOpen()) {
                TcpConnection idle = candidates.get(id);
                String builtAt = connection.client().site().toString();
                if (idle != null && idle.remote().equals(connection.remote())
                        && idle.client().id() != connection.client().id()
                        && idle.client().site().toString().equals(builtAt)) {
                    Set<TcpConnection> found = byEndpointAndLine.computeIfAbsent(
                            List.of(connection.remote(), builtAt), key -> new HashSet<>());
                    found.add(idle);
                    found.add(connection);
                }
            }
        }
        List<ClientPerCall> findings = new ArrayList<>();
        byEndpointAndLine.forEach((key, found) -> {
            long clients = found.stream().mapToLong(connection -> connection.client().id()).distinct().count();
            if (clients >= MIN_CLIENTS) {
                List<TcpConnection> inOrder = new ArrayList<>(found);
                inOrder.sort((a, b) -> Long.compare(a.id(), b.id()));
                findings.add(new ClientPerCall((InetSocketAddress) key.get(0), (String) key.get(1), inOrder));
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
