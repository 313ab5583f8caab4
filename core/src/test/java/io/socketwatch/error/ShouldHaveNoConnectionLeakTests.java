package io.socketwatch.error;

import static io.socketwatch.error.ShouldHaveNoConnectionLeak.shouldHaveNoConnectionLeak;
import static io.socketwatch.testing.Activities.activity;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.presentation.StandardRepresentation.STANDARD_REPRESENTATION;

import io.socketwatch.model.ClientResource;
import io.socketwatch.model.SocketActivity;
import io.socketwatch.model.TcpConnection.ClosedFirst;
import io.socketwatch.model.TcpConnection.Origin;
import io.socketwatch.model.TcpConnection.Side;
import io.socketwatch.model.TcpState;
import io.socketwatch.testing.Activities;
import java.net.InetSocketAddress;
import org.assertj.core.description.TextDescription;
import org.junit.jupiter.api.Test;

class ShouldHaveNoConnectionLeakTests {

    @Test
    void saysWhyEachConnectionLeakedThenTheFixAndTheNotes() {
        SocketActivity leaky = activity()
                .add(new InetSocketAddress("127.0.0.1", 50001), new InetSocketAddress("127.0.0.1", 8080),
                        Side.CLIENT, Origin.WINDOW, 0, 30L, ClosedFirst.THIS_JVM, 1, TcpState.ESTABLISHED, true)
                .client(50002, 8080, 0, null, ClosedFirst.PEER, 0, TcpState.CLOSE_WAIT)
                .note("OS-only mode (test): no opening sites")
                .takenAtMs(40);

        String message = shouldHaveNoConnectionLeak(leaky, leaky.connections())
                .create(new TextDescription("Test"), STANDARD_REPRESENTATION);

        assertThat(message).isEqualTo("""
                [Test] \nExpecting socket activity to leak no connection, but 2 connections were leaked:
                  127.0.0.1:50001 -> 127.0.0.1:8080  client  ESTABLISHED  age 30 ms  1 exchange  dropped without \
                close  opened at com.acme.OrderClient.fetch(OrderClient.java:42)
                      the socket became unreachable while open: nothing closed it
                  127.0.0.1:50002 -> 127.0.0.1:8080  client  CLOSE_WAIT  age 40 ms  0 exchanges  closed by the peer \
                only  opened at com.acme.OrderClient.fetch(OrderClient.java:43)
                      the peer closed it and this JVM never did (CLOSE_WAIT)
                Fix: close every socket, response body and JDBC connection you open, in a try-with-resources; the JDK \
                closes a dropped socket only when the garbage collector finds it.
                Note: OS-only mode (test): no opening sites
                """);
    }

    @Test
    void listsUnreleasedClientResourcesFirstTiesAConnectionToTheCodeHoldingItAndKeepsPercentSigns() {
        SocketActivity unreleased = activity()
                .resource(ClientResource.Kind.OKHTTP_CALL, "GET http://127.0.0.1:8080/orders%20today", 0, false)
                .client(50002, 8080, 0, null, ClosedFirst.PEER, 0, TcpState.CLOSE_WAIT)
                .takenAtMs(40);

        String message = shouldHaveNoConnectionLeak(unreleased, unreleased.resources(), unreleased.connections())
                .create(new TextDescription("Test"), STANDARD_REPRESENTATION);

        assertThat(message).isEqualTo("""
                [Test] \nExpecting socket activity to leak no connection, but 2 connections were leaked:
                  OkHttp call  GET http://127.0.0.1:8080/orders%20today  not released  age 40 ms  obtained at \
                com.acme.OrderClient.fetch(OrderClient.java:41)
                      its response body was never closed: the call keeps its connection out of the pool
                  127.0.0.1:50002 -> 127.0.0.1:8080  client  CLOSE_WAIT  age 40 ms  0 exchanges  closed by the peer \
                only  opened at com.acme.OrderClient.fetch(OrderClient.java:43)
                      the peer closed it and this JVM never did (CLOSE_WAIT): held by application code: the OkHttp \
                call obtained at com.acme.OrderClient.fetch(OrderClient.java:41) was never released, so the \
                connection never went back to its pool
                Fix: close every socket, response body and JDBC connection you open, in a try-with-resources; the JDK \
                closes a dropped socket only when the garbage collector finds it.
                """);
    }

    @Test
    void saysWhatToDoAboutASocketSocketwatchDoesNotInstrument() {
        SocketActivity stranded = activity()
                .untracked(50001, 8080, Side.CLIENT, 900)
                .takenAtMs(1200);

        String message = shouldHaveNoConnectionLeak(stranded, stranded.connections())
                .create(new TextDescription("Test"), STANDARD_REPRESENTATION);

        assertThat(message).isEqualTo("""
                [Test] \nExpecting socket activity to leak no connection, but 1 connection was leaked:
                  127.0.0.1:50001 -> 127.0.0.1:8080  client  CLOSE_WAIT  closed by the peer only  opened by code \
                socketwatch does not instrument (a native transport such as Netty's epoll or io_uring)
                      the peer closed it and this JVM never did (CLOSE_WAIT): close the channel when the peer closes \
                it, and check the native transport's idle handling (with Netty, ALLOW_HALF_CLOSURE leaves the close \
                to your handler, and an IdleStateHandler can close idle channels)
                Fix: close every socket, response body and JDBC connection you open, in a try-with-resources; the JDK \
                closes a dropped socket only when the garbage collector finds it.
                """);
    }

    @Test
    void listsTenConnectionsAndCountsTheRest() {
        Activities twelve = activity();
        for (int port = 50001; port <= 50012; port++) {
            twelve.client(port, 8080, 0, null, ClosedFirst.PEER, 1, TcpState.CLOSE_WAIT);
        }
        SocketActivity activity = twelve.takenAtMs(10);

        String message = shouldHaveNoConnectionLeak(activity, activity.connections())
                .create(new TextDescription("Test"), STANDARD_REPRESENTATION);

        assertThat(message).startsWith("[Test] \nExpecting socket activity to leak no connection, but 12 connections "
                        + "were leaked:\n  127.0.0.1:50001 -> ")
                .contains("\n  127.0.0.1:50010 -> ")
                .doesNotContain("50011")
                .contains("\n      the peer closed it and this JVM never did (CLOSE_WAIT)\n  ... and 2 more\nFix: ");
    }
}
