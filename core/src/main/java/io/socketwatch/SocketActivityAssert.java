package io.socketwatch;

import static io.socketwatch.error.ShouldHaveAtMostTimeWait.shouldHaveAtMostTimeWait;
import static io.socketwatch.error.ShouldHaveNoCloseWaitLeak.shouldHaveNoCloseWaitLeak;
import static io.socketwatch.error.ShouldHaveNoConnectionLeak.shouldHaveNoConnectionLeak;
import static io.socketwatch.error.ShouldHaveNoTimeWaitLeak.shouldHaveNoTimeWaitLeak;
import static io.socketwatch.error.ShouldHoldAtMostConcurrentConnections.shouldHoldAtMostConcurrentConnections;
import static io.socketwatch.error.ShouldOpenAtMostConnections.shouldOpenAtMostConnections;
import static io.socketwatch.error.ShouldReuseConnections.shouldReuseConnections;
import static io.socketwatch.error.ShouldReuseConnections.shouldReuseConnectionsBuiltPerCall;
import static io.socketwatch.error.ShouldShareOneClient.shouldShareOneClient;

import io.socketwatch.internal.check.Checks;
import io.socketwatch.internal.check.ClientPerCall;
import io.socketwatch.internal.check.PoolSizes;
import io.socketwatch.internal.net.Endpoint;
import io.socketwatch.model.ClientResource;
import io.socketwatch.model.SocketActivity;
import io.socketwatch.model.TcpConnection;
import java.util.ArrayList;
import java.util.List;
import org.assertj.core.api.AbstractAssert;

/**
 * Assertions on the connections of a recording window. Each check judges only connections opened in the window:
 * those already open when it started count for reuse, never as leaks. Not final, so that soft assertions can proxy it.
 */
public class SocketActivityAssert extends AbstractAssert<SocketActivityAssert, SocketActivity> {

    public SocketActivityAssert(SocketActivity actual) {
        super(actual, SocketActivityAssert.class);
    }

    /**
     * Verifies that no connection was churned into TIME_WAIT: closed, replaced by a new connection to the same
     * endpoint within the window, and left in TIME_WAIT on this JVM's side. A connection closed last is not churn.
     *
     * <p>Passes: one shared client makes ten requests over one kept-alive connection. Fails: a new client per
     * request closes each connection first.
     */
    public SocketActivityAssert hasNoTimeWaitLeak() {
        isNotNull();
        List<TcpConnection> leaks = Checks.timeWaitLeaks(actual);
        if (!leaks.isEmpty()) {
            throw assertionError(shouldHaveNoTimeWaitLeak(actual, leaks));
        }
        return myself;
    }

    /**
     * Verifies that the window did not build a client per call: three or more connections to one endpoint, each opened
     * by a client of its own (OkHttp's {@code OkHttpClient}, the JDK's {@code HttpClient}, Apache HttpClient 5's
     * connection manager), all built at one line, each used for about one exchange and opened while an earlier one of
     * the window to that endpoint sat open and idle. Requests running at once, on one client or several, are not a
     * client per call; nor are clients built at different lines, taken as built on purpose.
     *
     * <p>Passes: one shared client makes three requests, one after another or at once. Fails: each request builds a
     * new client, whose connection stays idle in its pool when the next request builds another.
     */
    public SocketActivityAssert hasNoClientPerCall() {
        isNotNull();
        List<ClientPerCall> findings = ClientPerCall.of(actual);
        if (!findings.isEmpty()) {
            throw assertionError(shouldShareOneClient(actual, findings));
        }
        return myself;
    }

    /**
     * Verifies that at most {@code allowed} of the window's connections were left in TIME_WAIT on this JVM's side,
     * churned or not.
     */
    public SocketActivityAssert hasAtMostTimeWaitConnections(int allowed) {
        isNotNull();
        List<TcpConnection> timeWait = Checks.timeWait(actual);
        if (timeWait.size() > allowed) {
            throw assertionError(shouldHaveAtMostTimeWait(actual, allowed, timeWait));
        }
        return myself;
    }

    /**
     * Verifies that no connection of the window is in CLOSE_WAIT: closed by the peer and never by this JVM.
     *
     * <p>Passes: the client closes a response the server ended. Fails: a socket is kept after the server closed it.
     */
    public SocketActivityAssert hasNoCloseWaitLeak() {
        isNotNull();
        List<TcpConnection> leaks = Checks.closeWaitLeaks(actual);
        if (!leaks.isEmpty()) {
            throw assertionError(shouldHaveNoCloseWaitLeak(actual, leaks));
        }
        return myself;
    }

    /**
     * Verifies that no connection of the window leaked: none was garbage-collected while open, none is left in
     * CLOSE_WAIT, and the application released what client libraries handed it in the window (OkHttp calls' response
     * bodies, JDBC connections, HikariCP borrows, Apache HttpClient leases). A connection still open and reachable
     * in a pool is not a leak.
     */
    public SocketActivityAssert hasNoConnectionLeak() {
        isNotNull();
        List<TcpConnection> leaks = new ArrayList<>(Checks.collectedWithoutClose(actual));
        Checks.closeWaitLeaks(actual).stream().filter(c -> !leaks.contains(c)).forEach(leaks::add);
        List<ClientResource> unreleased = Checks.unreleased(actual);
        if (!leaks.isEmpty() || !unreleased.isEmpty()) {
            throw assertionError(shouldHaveNoConnectionLeak(actual, unreleased, leaks));
        }
        return myself;
    }

    /**
     * Verifies that at least two exchanges went to {@code host:port} over a single connection, or over at most the
     * pool's maximum size where a client integration read it (HikariCP's {@code maximumPoolSize}, for a pool whose
     * JDBC URL names {@code port}; Apache HttpClient's maximum connections per route, for a released lease whose route
     * names it; Reactor Netty's maximum connections per remote address, for a connection acquired from its pool to
     * {@code port}), counting connections that were already open when the window started (a warm pool). {@code host}
     * matches any of its addresses. When a client built per call explains the failure (see
     * {@link #hasNoClientPerCall()}), the message starts with it.
     */
    public SocketActivityAssert reusesConnectionsTo(String host, int port) {
        isNotNull();
        return reusesConnectionsTo(host, port, PoolSizes.maximumTo(actual, port).orElse(1));
    }

    /**
     * Verifies that at least two exchanges went to {@code host:port} over at most {@code maxConnections}
     * connections, such as a pool's maximum size.
     */
    public SocketActivityAssert reusesConnectionsTo(String host, int port, int maxConnections) {
        isNotNull();
        if (maxConnections < 1) {
            throw new IllegalArgumentException("maxConnections must be at least 1, was " + maxConnections);
        }
        Endpoint endpoint = Endpoint.resolve(host, port);
        List<TcpConnection> used = Checks.clientConnectionsTo(actual, endpoint);
        long exchanges = used.stream().mapToLong(TcpConnection::exchanges).sum();
        if (exchanges < 2 || used.size() > maxConnections) {
            List<ClientResource> unreleased = Checks.unreleasedTo(actual, port);
            // the cause first: responses never released, else a client built per call, which explains the rest
            if (exchanges >= 2 && unreleased.isEmpty() && ClientPerCall.of(actual).stream()
                    .anyMatch(finding -> endpoint.matches(finding.endpoint()))) {
                throw assertionError(shouldReuseConnectionsBuiltPerCall(actual, endpoint.toString(), maxConnections,
                        exchanges, used));
            }
            throw assertionError(shouldReuseConnections(actual, endpoint.toString(), maxConnections, exchanges, used,
                    unreleased));
        }
        return myself;
    }

    /** Verifies that the window opened at most {@code max} client connections to {@code host:port}. */
    public SocketActivityAssert opensAtMostConnectionsTo(String host, int port, int max) {
        isNotNull();
        Endpoint endpoint = Endpoint.resolve(host, port);
        List<TcpConnection> opened = Checks.clientConnectionsTo(actual, endpoint).stream()
                .filter(c -> c.origin() != TcpConnection.Origin.BASELINE).toList();
        if (opened.size() > max) {
            throw assertionError(shouldOpenAtMostConnections(actual, endpoint.toString(), max, opened,
                    Checks.unreleasedTo(actual, port)));
        }
        return myself;
    }

    /** Verifies that at most {@code max} client connections to {@code host:port} were open at once. */
    public SocketActivityAssert hasAtMostConcurrentConnectionsTo(String host, int port, int max) {
        isNotNull();
        Endpoint endpoint = Endpoint.resolve(host, port);
        int concurrent = Checks.maxConcurrent(actual, endpoint);
        if (concurrent > max) {
            throw assertionError(shouldHoldAtMostConcurrentConnections(actual, endpoint.toString(), max, concurrent,
                    Checks.clientConnectionsTo(actual, endpoint), Checks.unreleasedTo(actual, port)));
        }
        return myself;
    }
}
