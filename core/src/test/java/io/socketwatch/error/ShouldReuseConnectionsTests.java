package io.socketwatch.error;

import static io.socketwatch.error.ShouldReuseConnections.shouldReuseConnections;
import static io.socketwatch.error.ShouldReuseConnections.shouldReuseConnectionsBuiltPerCall;
import static io.socketwatch.testing.Activities.activity;
import static io.socketwatch.testing.Activities.clientsBuiltPerCall;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.presentation.StandardRepresentation.STANDARD_REPRESENTATION;

import io.socketwatch.model.SocketActivity;
import io.socketwatch.model.TcpConnection.ClosedFirst;
import io.socketwatch.model.TcpConnection.Origin;
import io.socketwatch.model.TcpConnection.Side;
import io.socketwatch.model.TcpState;
import java.net.InetSocketAddress;
import org.assertj.core.description.TextDescription;
import org.junit.jupiter.api.Test;

class ShouldReuseConnectionsTests {

    @Test
    void saysHowEachConnectionEndedThenTheFixAndTheNotes() {
        SocketActivity oneEach = activity()
                .client(50001, 8080, 0, 5L, ClosedFirst.THIS_JVM, 1, TcpState.TIME_WAIT)
                .client(50002, 8080, 6, 9L, ClosedFirst.PEER, 1, TcpState.CLOSE)
                .client(50003, 8080, 6, null, ClosedFirst.NEITHER, 1, TcpState.ESTABLISHED)
                .add(new InetSocketAddress("127.0.0.1", 50004), new InetSocketAddress("127.0.0.1", 8080),
                        Side.CLIENT, Origin.WINDOW, 0, 8L, ClosedFirst.THIS_JVM, 1, TcpState.ESTABLISHED, true)
                .note("OS-only mode (test): no opening sites")
                .takenAtMs(10);

        String message = shouldReuseConnections(oneEach, "localhost:8080", 2, 4, oneEach.connections())
                .create(new TextDescription("Test"), STANDARD_REPRESENTATION);

        assertThat(message).isEqualTo("""
                [Test] \nExpecting socket activity to reuse connections to localhost:8080 (at most 2 connections), \
                but 4 exchanges went over 4 connections:
                  127.0.0.1:50001 -> 127.0.0.1:8080  client  TIME_WAIT  age 5 ms  1 exchange  closed first by this \
                JVM  opened at com.acme.OrderClient.fetch(OrderClient.java:42)
                      closed by this JVM after 1 exchange: the client does not pool connections, or sends or receives \
                Connection: close
                  127.0.0.1:50002 -> 127.0.0.1:8080  client  CLOSE  age 3 ms  1 exchange  closed first by the peer  \
                opened at com.acme.OrderClient.fetch(OrderClient.java:43)
                      closed by the peer after 1 exchange: the server's keep-alive is off or shorter than the client's \
                idle time
                  127.0.0.1:50003 -> 127.0.0.1:8080  client  ESTABLISHED  age 4 ms  1 exchange  open  opened at \
                com.acme.OrderClient.fetch(OrderClient.java:44)
                      still open after 1 exchange
                  127.0.0.1:50004 -> 127.0.0.1:8080  client  ESTABLISHED  age 8 ms  1 exchange  dropped without \
                close  opened at com.acme.OrderClient.fetch(OrderClient.java:45)
                      dropped without close after 1 exchange
                Fix: share one client with a connection pool, read each response to the end and close it so its \
                connection returns to the pool, and keep the server's keep-alive on.
                Note: OS-only mode (test): no opening sites
                """);
    }

    @Test
    void startsWithAClientBuiltPerCallAndNamesTheLineThatBuiltEachClient() {
        SocketActivity perCall = clientsBuiltPerCall().takenAtMs(10);

        String message = shouldReuseConnectionsBuiltPerCall(perCall, "localhost:8080", 1, 3, perCall.connections())
                .create(new TextDescription("Test"), STANDARD_REPRESENTATION);

        assertThat(message).isEqualTo("""
                [Test] \nExpecting socket activity to reuse connections to localhost:8080 (at most 1 connection), \
                but 3 exchanges went over 3 connections, because a client was built per call: each call's new client \
                opened a connection of its own while the previous client's sat open and idle:
                  127.0.0.1:50001 -> 127.0.0.1:8080  client  ESTABLISHED  age 10 ms  1 exchange  open  opened at \
                com.acme.OrderClient.fetch(OrderClient.java:42)
                      its OkHttpClient was built at com.acme.OrderClient.fetch(OrderClient.java:30)
                  127.0.0.1:50002 -> 127.0.0.1:8080  client  ESTABLISHED  age 6 ms  1 exchange  open  opened at \
                com.acme.OrderClient.fetch(OrderClient.java:43)
                      its OkHttpClient was built at com.acme.OrderClient.fetch(OrderClient.java:30)
                  127.0.0.1:50003 -> 127.0.0.1:8080  client  ESTABLISHED  age 2 ms  1 exchange  open  opened at \
                com.acme.OrderClient.fetch(OrderClient.java:44)
                      its OkHttpClient was built at com.acme.OrderClient.fetch(OrderClient.java:30)
                Fix: build one client and share it (a field or a singleton, not a local variable), so that its pool \
                reuses the idle connection for the next call.
                """);
    }

    @Test
    void asksForTwoExchangesWhenTooFewWentToTheEndpointToTell() {
        SocketActivity single = activity()
                .client(50001, 8080, 0, null, ClosedFirst.NEITHER, 1, TcpState.ESTABLISHED)
                .takenAtMs(10);

        String message = shouldReuseConnections(single, "127.0.0.1:8080", 1, 1, single.connections())
                .create(new TextDescription("Test"), STANDARD_REPRESENTATION);

        assertThat(message).isEqualTo("""
                [Test] \nExpecting socket activity to reuse connections to 127.0.0.1:8080 (at most 1 connection), \
                but only 1 exchange went to it over 1 connection: reuse needs at least 2.
                  127.0.0.1:50001 -> 127.0.0.1:8080  client  ESTABLISHED  age 10 ms  1 exchange  open  opened at \
                com.acme.OrderClient.fetch(OrderClient.java:42)
                      still open after 1 exchange
                Check the host and port, or make the test send at least two requests.
                """);
    }

    @Test
    void saysSoWhenNoExchangeWentToTheEndpoint() {
        SocketActivity none = activity().takenAtMs(10);

        String message = shouldReuseConnections(none, "127.0.0.1:9999", 1, 0, none.connections())
                .create(new TextDescription("Test"), STANDARD_REPRESENTATION);

        assertThat(message).isEqualTo("""
                [Test] \nExpecting socket activity to reuse connections to 127.0.0.1:9999 (at most 1 connection), \
                but only 0 exchanges went to it over 0 connections: reuse needs at least 2.
                Check the host and port, or make the test send at least two requests.
                """);
    }
}
