package io.socketwatch.error;

import static io.socketwatch.error.ShouldHaveNoCloseWaitLeak.shouldHaveNoCloseWaitLeak;
import static io.socketwatch.testing.Activities.activity;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.presentation.StandardRepresentation.STANDARD_REPRESENTATION;

import io.socketwatch.model.ClientResource;
import io.socketwatch.model.SocketActivity;
import io.socketwatch.model.TcpConnection.ClosedFirst;
import io.socketwatch.model.TcpConnection.Side;
import io.socketwatch.model.TcpState;
import org.assertj.core.description.TextDescription;
import org.junit.jupiter.api.Test;

class ShouldHaveNoCloseWaitLeakTests {

    @Test
    void namesTheConnectionThenWhatCloseWaitCostsTheFixAndTheNotes() {
        SocketActivity stranded = activity()
                .client(50001, 8080, 0, null, ClosedFirst.PEER, 1, TcpState.CLOSE_WAIT)
                .note("OS-only mode (test): no opening sites")
                .takenAtMs(1200);

        String message = shouldHaveNoCloseWaitLeak(stranded, stranded.connections())
                .create(new TextDescription("Test"), STANDARD_REPRESENTATION);

        assertThat(message).isEqualTo("""
                [Test] \nExpecting socket activity to leave no connection in CLOSE_WAIT, but 1 connection was closed \
                by the peer and never by this JVM:
                  127.0.0.1:50001 -> 127.0.0.1:8080  client  CLOSE_WAIT  age 1.2 s  1 exchange  closed by the peer \
                only  opened at com.acme.OrderClient.fetch(OrderClient.java:42)
                A socket in CLOSE_WAIT keeps its file descriptor until this JVM closes it, and the next request sent \
                on it fails.
                Fix: close what you open (try-with-resources on sockets, response bodies and JDBC connections); for \
                pooled connections, keep the pool's idle timeout below the server's keep-alive timeout.
                Note: OS-only mode (test): no opening sites
                """);
    }

    @Test
    void saysWhatToDoAboutEachSocketSocketwatchDoesNotInstrument() {
        SocketActivity stranded = activity()
                .untracked(50001, 8080, Side.CLIENT, 900)
                .untracked(9090, 50002, Side.SERVER, 900)
                .takenAtMs(1200);

        String message = shouldHaveNoCloseWaitLeak(stranded, stranded.connections())
                .create(new TextDescription("Test"), STANDARD_REPRESENTATION);

        assertThat(message).isEqualTo("""
                [Test] \nExpecting socket activity to leave no connection in CLOSE_WAIT, but 2 connections were \
                closed by the peer and never by this JVM:
                  127.0.0.1:50001 -> 127.0.0.1:8080  client  CLOSE_WAIT  closed by the peer only  opened by code \
                socketwatch does not instrument (a native transport such as Netty's epoll or io_uring)
                      close the channel when the peer closes it, and check the native transport's idle handling (with \
                Netty, ALLOW_HALF_CLOSURE leaves the close to your handler, and an IdleStateHandler can close idle \
                channels)
                  127.0.0.1:9090 -> 127.0.0.1:50002  server  CLOSE_WAIT  closed by the peer only  opened by code \
                socketwatch does not instrument (a native transport such as Netty's epoll or io_uring)
                      close the channel when the peer closes it, and check the native transport's idle handling (with \
                Netty, ALLOW_HALF_CLOSURE leaves the close to your handler, and an IdleStateHandler can close idle \
                channels)
                A socket in CLOSE_WAIT keeps its file descriptor until this JVM closes it, and the next request sent \
                on it fails.
                Fix: close what you open (try-with-resources on sockets, response bodies and JDBC connections); for \
                pooled connections, keep the pool's idle timeout below the server's keep-alive timeout.
                """);
    }

    @Test
    void saysApplicationCodeHoldsAConnectionItNeverReleased() {
        SocketActivity held = activity()
                .resource(ClientResource.Kind.OKHTTP_CALL, "GET http://localhost:8080/orders", 0, false)
                .client(50002, 8080, 0, null, ClosedFirst.PEER, 1, TcpState.CLOSE_WAIT)
                .takenAtMs(40);

        String message = shouldHaveNoCloseWaitLeak(held, held.connections())
                .create(new TextDescription("Test"), STANDARD_REPRESENTATION);

        assertThat(message).startsWith("""
                [Test] \nExpecting socket activity to leave no connection in CLOSE_WAIT, but 1 connection was closed \
                by the peer and never by this JVM:
                  127.0.0.1:50002 -> 127.0.0.1:8080  client  CLOSE_WAIT  age 40 ms  1 exchange  closed by the peer \
                only  opened at com.acme.OrderClient.fetch(OrderClient.java:43)
                      held by application code: the OkHttp call obtained at \
                com.acme.OrderClient.fetch(OrderClient.java:41) was never released, so the connection never went \
                back to its pool
                A socket in CLOSE_WAIT""");
    }

    @Test
    void saysAReleasedConnectionWentIdleInItsPoolAndGivesNoCauseForAnotherEndpoint() {
        SocketActivity idle = activity()
                .resource(ClientResource.Kind.OKHTTP_CALL, "GET http://localhost:8080/orders", 0, true)
                .client(50002, 8080, 0, null, ClosedFirst.PEER, 1, TcpState.CLOSE_WAIT)
                .client(50003, 18080, 0, null, ClosedFirst.PEER, 1, TcpState.CLOSE_WAIT)
                .takenAtMs(40);

        String message = shouldHaveNoCloseWaitLeak(idle, idle.connections())
                .create(new TextDescription("Test"), STANDARD_REPRESENTATION);

        assertThat(message).startsWith("""
                [Test] \nExpecting socket activity to leave no connection in CLOSE_WAIT, but 2 connections were \
                closed by the peer and never by this JVM:
                  127.0.0.1:50002 -> 127.0.0.1:8080  client  CLOSE_WAIT  age 40 ms  1 exchange  closed by the peer \
                only  opened at com.acme.OrderClient.fetch(OrderClient.java:43)
                      idle in OkHttp's pool: the server closed it while it sat unused (its keep-alive timeout is \
                shorter than the pool's idle time)
                  127.0.0.1:50003 -> 127.0.0.1:18080  client  CLOSE_WAIT  age 40 ms  1 exchange  closed by the peer \
                only  opened at com.acme.OrderClient.fetch(OrderClient.java:44)
                A socket in CLOSE_WAIT""");
    }
}
