package io.socketwatch.error;

import io.socketwatch.internal.check.ChurnCause;
import io.socketwatch.internal.os.PlatformTcpFacts;
import io.socketwatch.model.SocketActivity;
import io.socketwatch.model.TcpConnection;
import java.util.List;
import java.util.Set;
import org.assertj.core.error.ErrorMessageFactory;

/** The window churned connections: closed them, opened new ones to the same endpoint, and left TIME_WAIT behind. */
public final class ShouldHaveNoTimeWaitLeak extends SocketMessage {

    private ShouldHaveNoTimeWaitLeak(String message) {
        super(message);
    }

    /**
     * Creates the message for {@code leaks}, the churned connections' ends in TIME_WAIT, one line each. Both ends of a
     * loopback connection can be in TIME_WAIT (both closed at once): the headline counts connections, not ends.
     */
    public static ErrorMessageFactory shouldHaveNoTimeWaitLeak(SocketActivity activity, List<TcpConnection> leaks) {
        return shouldHaveNoTimeWaitLeak(activity, leaks, PlatformTcpFacts.current());
    }

    /** As {@link #shouldHaveNoTimeWaitLeak(SocketActivity, List)}, quoting {@code platform}'s TIME_WAIT and ports. */
    static ErrorMessageFactory shouldHaveNoTimeWaitLeak(SocketActivity activity, List<TcpConnection> leaks,
                                                        PlatformTcpFacts platform) {
        long connections = leaks.stream().map(end -> Set.of(end.local(), end.remote())).distinct().count();
        StringBuilder message = new StringBuilder("\n")
                .append("Expecting socket activity to leave no TIME_WAIT behind from connection churn, but ")
                .append(ConnectionLines.connections(connections))
                .append(connections == 1 ? " was" : " were")
                .append(" closed, replaced by a new connection to the same endpoint, and left in TIME_WAIT")
                .append(connections < leaks.size() ? " (" + (leaks.size() - connections) + " of them at both ends, "
                        + "closed by both at once)" : "").append(":\n")
                .append(ConnectionLines.lines(leaks, activity, end -> clientEndOf(end, activity, leaks)))
                .append("A connection per request leaves one TIME_WAIT socket per request, each holding a local port ")
                .append("for ").append(platform.timeWaitSeconds()).append(" s: one endpoint then sustains only about ")
                .append(platform.sustainedConnectionsPerSecond()).append(" new connections/s (")
                .append(platform.ephemeralPortsText()).append(" ephemeral ports) before connects fail.\n");
        ChurnCause.of(activity, leaks).forEach((cause, ends) -> message.append(causeAndFix(cause)));
        return new ShouldHaveNoTimeWaitLeak(message.append(ConnectionLines.notes(activity)).toString());
    }

    /**
     * For a server end whose client end is in this JVM too, and not listed itself, the line that opened the client
     * end.
     */
    private static String clientEndOf(TcpConnection end, SocketActivity activity, List<TcpConnection> listed) {
        if (end.side() != TcpConnection.Side.SERVER) {
            return "";
        }
        TcpConnection client = ChurnCause.peerInThisJvm(activity, end);
        return client == null || listed.contains(client) ? ""
                : "its client end, in this JVM, was opened at " + client.openingSite();
    }

    private static String causeAndFix(ChurnCause cause) {
        return switch (cause) {
            case REDIRECT_FOLLOWED -> "Cause: HttpURLConnection closed each connection to follow a redirect: the JDK "
                    + "does so for every redirect it follows, so each redirected request costs a connection.\n"
                    + "Fix: request the final URL, or use a client that follows redirects over its pooled connections "
                    + "(the JDK's HttpClient with followRedirects(NORMAL), OkHttp).\n";
            case NO_EXCHANGE -> "Cause: connections that carried no data: a readiness check or port probe that "
                    + "connects and closes.\n"
                    + "Fix: probe once before the tests rather than per test, with backoff, or check health over a "
                    + "kept-alive connection.\n";
            case JDBC_CONNECTION_PER_REQUEST -> "Cause: a new JDBC connection per unit of work "
                    + "(DriverManager.getConnection), closed after it.\n"
                    + "Fix: use a connection pool such as HikariCP and borrow from it: closing a pooled connection "
                    + "returns it to the pool.\n";
            case SERVER_CLOSES -> "Cause: this JVM's server closed each connection after answering: it sends "
                    + "Connection: close, or its keep-alive is off.\n"
                    + "Fix: keep connections alive on the server (no Connection: close in its responses), so that "
                    + "clients reuse them.\n";
            case PROXY_WITHOUT_UPSTREAM_KEEP_ALIVE -> "Cause: this JVM opened a new upstream connection per request "
                    + "while serving connections it accepted: a reverse proxy or gateway without upstream "
                    + "keep-alive.\n"
                    + "Fix: enable upstream keep-alive: forward requests through one shared, pooled client (in nginx: "
                    + "keepalive in the upstream block, proxy_http_version 1.1 and an empty Connection header).\n";
            case CLIENT_CLOSES -> "Cause: this JVM closed each connection after using it: a client (with its own "
                    + "connection pool) built per request, or Connection: close sent or answered.\n"
                    + "Fix: build one client and share it, so that its pool reuses connections, and neither send nor "
                    + "answer Connection: close.\n";
        };
    }
}
