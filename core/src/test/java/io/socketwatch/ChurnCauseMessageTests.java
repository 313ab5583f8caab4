package io.socketwatch;

import static io.socketwatch.testing.Activities.activity;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.socketwatch.model.ClientResource;
import io.socketwatch.model.SocketActivity;
import io.socketwatch.model.TcpConnection.ClosedFirst;
import io.socketwatch.model.TcpState;
import org.junit.jupiter.api.Test;

/** The churn failure gives the cause and the fix that fit what socketwatch saw of the churned connections. */
class ChurnCauseMessageTests {

    private static String failure(SocketActivity activity) {
        Throwable failure = catchThrowable(() -> SocketAssertions.assertThat(activity).hasNoTimeWaitLeak());
        assertThat(failure).isInstanceOf(AssertionError.class);
        return failure.getMessage();
    }

    @Test
    void connectionsWithoutAnExchangeAreAProbe() {
        SocketActivity probes = activity()
                .client(50001, 8080, 0, 1L, ClosedFirst.THIS_JVM, 0, TcpState.TIME_WAIT)
                .client(50002, 8080, 100, 101L, ClosedFirst.THIS_JVM, 0, TcpState.TIME_WAIT)
                .takenAtMs(200);

        assertThat(failure(probes)).endsWith("""
                Cause: connections that carried no data: a readiness check or port probe that connects and closes.
                Fix: probe once before the tests rather than per test, with backoff, or check health over a \
                kept-alive connection.
                """);
    }

    @Test
    void jdbcConnectionsFromDriverManagerNeedAPool() {
        SocketActivity perQuery = activity()
                .client(50001, 5432, 0, 5L, ClosedFirst.THIS_JVM, 2, TcpState.TIME_WAIT)
                .client(50002, 5432, 10, 15L, ClosedFirst.THIS_JVM, 2, TcpState.TIME_WAIT)
                .resource(ClientResource.Kind.JDBC_CONNECTION, "jdbc:postgresql://localhost:5432/app", 0, true)
                .resource(ClientResource.Kind.JDBC_CONNECTION, "jdbc:postgresql://localhost:5432/app", 10, true)
                .takenAtMs(20);

        assertThat(failure(perQuery)).endsWith("""
                Cause: a new JDBC connection per unit of work (DriverManager.getConnection), closed after it.
                Fix: use a connection pool such as HikariCP and borrow from it: closing a pooled connection returns \
                it to the pool.
                """);
    }

    @Test
    void aServerEndInTimeWaitMeansTheServerClosesAndNamesItsClientsLine() {
        SocketActivity serverCloses = activity()
                .client(50001, 8080, 0, 6L, ClosedFirst.PEER, 1, TcpState.CLOSE)
                .server(8080, 50001, 0, 5L, ClosedFirst.THIS_JVM, 1, TcpState.TIME_WAIT)
                .client(50002, 8080, 10, 16L, ClosedFirst.PEER, 1, TcpState.CLOSE)
                .server(8080, 50002, 10, 15L, ClosedFirst.THIS_JVM, 1, TcpState.TIME_WAIT)
                .takenAtMs(20);

        assertThat(failure(serverCloses)).isEqualTo("""

                Expecting socket activity to leave no TIME_WAIT behind from connection churn, but 1 connection was \
                closed, replaced by a new connection to the same endpoint, and left in TIME_WAIT:
                  127.0.0.1:8080 -> 127.0.0.1:50001  server  TIME_WAIT  age 5 ms  1 exchange  closed first by this \
                JVM  opened at com.acme.OrderClient.fetch(OrderClient.java:43)
                      its client end, in this JVM, was opened at com.acme.OrderClient.fetch(OrderClient.java:42)
                A connection per request leaves one TIME_WAIT socket per request, each holding a local port for 60 s: \
                one endpoint then sustains only about 470 new connections/s (28,232 ephemeral ports) before connects \
                fail.
                Cause: this JVM's server closed each connection after answering: it sends Connection: close, or its \
                keep-alive is off.
                Fix: keep connections alive on the server (no Connection: close in its responses), so that clients \
                reuse them.
                """);
    }

    @Test
    void upstreamConnectionsOpenedWhileServingAreAProxyWithoutKeepAlive() {
        SocketActivity proxy = activity()
                .server(9000, 40001, 0, null, ClosedFirst.NEITHER, 2, TcpState.ESTABLISHED)
                .client(50001, 8080, 1, 5L, ClosedFirst.THIS_JVM, 1, TcpState.TIME_WAIT)
                .client(50002, 8080, 10, 15L, ClosedFirst.THIS_JVM, 1, TcpState.TIME_WAIT)
                .takenAtMs(20);

        assertThat(failure(proxy)).contains("""
                Cause: this JVM opened a new upstream connection per request while serving connections it accepted: \
                a reverse proxy or gateway without upstream keep-alive.
                Fix: enable upstream keep-alive: forward requests through one shared, pooled client (in nginx: \
                keepalive in the upstream block, proxy_http_version 1.1 and an empty Connection header).
                """);
    }

    @Test
    void aClientThatClosesAfterUseIsBuiltPerRequestOrSendsConnectionClose() {
        SocketActivity churn = activity()
                .client(50001, 8080, 0, 5L, ClosedFirst.THIS_JVM, 1, TcpState.TIME_WAIT)
                .client(50002, 8080, 10, 15L, ClosedFirst.THIS_JVM, 1, TcpState.TIME_WAIT)
                .takenAtMs(20);

        assertThat(failure(churn)).endsWith("""
                Cause: this JVM closed each connection after using it: a client (with its own connection pool) built \
                per request, or Connection: close sent or answered.
                Fix: build one client and share it, so that its pool reuses connections, and neither send nor answer \
                Connection: close.
                """);
    }

    @Test
    void connectionsOfTwoCausesGetTwoFixesInOrder() {
        SocketActivity mixed = activity()
                .client(50001, 8080, 0, 1L, ClosedFirst.THIS_JVM, 0, TcpState.TIME_WAIT)
                .client(50002, 8080, 10, 15L, ClosedFirst.THIS_JVM, 1, TcpState.TIME_WAIT)
                .client(50003, 8080, 20, 25L, ClosedFirst.THIS_JVM, 1, TcpState.TIME_WAIT)
                .takenAtMs(30);

        String message = failure(mixed);
        assertThat(message.indexOf("Cause: connections that carried no data")).isPositive()
                .isLessThan(message.indexOf("Cause: this JVM closed each connection after using it"));
    }
}
