package io.socketwatch.error;

import static io.socketwatch.error.ShouldOpenAtMostConnections.shouldOpenAtMostConnections;
import static io.socketwatch.testing.Activities.activity;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.presentation.StandardRepresentation.STANDARD_REPRESENTATION;

import io.socketwatch.model.ClientResource;
import io.socketwatch.model.SocketActivity;
import io.socketwatch.model.TcpConnection.ClosedFirst;
import io.socketwatch.model.TcpState;
import java.util.List;
import org.assertj.core.description.TextDescription;
import org.junit.jupiter.api.Test;

class ShouldOpenAtMostConnectionsTests {

    @Test
    void listsTheConnectionsOpenedWithHowEachEndedThenTheFix() {
        SocketActivity three = activity()
                .client(50001, 8080, 0, 2L, ClosedFirst.THIS_JVM, 1, TcpState.TIME_WAIT)
                .client(50002, 8080, 3, 5L, ClosedFirst.THIS_JVM, 1, TcpState.TIME_WAIT)
                .client(50003, 8080, 6, null, ClosedFirst.NEITHER, 1, TcpState.ESTABLISHED)
                .takenAtMs(10);

        String message = shouldOpenAtMostConnections(three, "localhost:8080", 1, three.connections(), List.of())
                .create(new TextDescription("Test"), STANDARD_REPRESENTATION);

        assertThat(message).isEqualTo("""
                [Test] \nExpecting socket activity to open at most 1 connection to localhost:8080, but it opened 3:
                  127.0.0.1:50001 -> 127.0.0.1:8080  client  TIME_WAIT  age 2 ms  1 exchange  closed first by this \
                JVM  opened at com.acme.OrderClient.fetch(OrderClient.java:42)
                      closed by this JVM after 1 exchange: the client does not pool connections, or sends or receives \
                Connection: close
                  127.0.0.1:50002 -> 127.0.0.1:8080  client  TIME_WAIT  age 2 ms  1 exchange  closed first by this \
                JVM  opened at com.acme.OrderClient.fetch(OrderClient.java:43)
                      closed by this JVM after 1 exchange: the client does not pool connections, or sends or receives \
                Connection: close
                  127.0.0.1:50003 -> 127.0.0.1:8080  client  ESTABLISHED  age 4 ms  1 exchange  open  opened at \
                com.acme.OrderClient.fetch(OrderClient.java:44)
                      still open after 1 exchange
                Fix: send the requests through one shared client, whose pool keeps connections for the next request, \
                and keep keep-alive on at both ends; if they ran at once, cap the pool's connections to this endpoint.
                """);
    }

    @Test
    void startsWithWhatTheApplicationNeverReleasedWhenThatKeptConnectionsOutOfThePool() {
        SocketActivity leaked = activity()
                .client(50001, 8080, 0, null, ClosedFirst.NEITHER, 1, TcpState.ESTABLISHED)
                .client(50002, 8080, 3, null, ClosedFirst.NEITHER, 1, TcpState.ESTABLISHED)
                .resource(ClientResource.Kind.OKHTTP_CALL, "GET http://127.0.0.1:8080/a", 0, false)
                .note("OS-only mode (test): no opening sites")
                .takenAtMs(10);

        String message = shouldOpenAtMostConnections(leaked, "127.0.0.1:8080", 1, leaked.connections(),
                leaked.resources()).create(new TextDescription("Test"), STANDARD_REPRESENTATION);

        assertThat(message).isEqualTo("""
                [Test] \nExpecting socket activity to open at most 1 connection to 127.0.0.1:8080, but it opened 2, \
                because the application never released 1 of what the client handed it, which keeps its connection \
                out of the pool:
                  OkHttp call  GET http://127.0.0.1:8080/a  not released  age 10 ms  obtained at \
                com.acme.OrderClient.fetch(OrderClient.java:43)
                      its response body was never closed: the call keeps its connection out of the pool
                So later requests opened connections of their own:
                  127.0.0.1:50001 -> 127.0.0.1:8080  client  ESTABLISHED  age 10 ms  1 exchange  open  opened at \
                com.acme.OrderClient.fetch(OrderClient.java:42)
                      still open after 1 exchange
                  127.0.0.1:50002 -> 127.0.0.1:8080  client  ESTABLISHED  age 7 ms  1 exchange  open  opened at \
                com.acme.OrderClient.fetch(OrderClient.java:43)
                      still open after 1 exchange
                Fix: close each response (try-with-resources, or read its body to the end) and each connection you \
                borrow, so that it returns to the pool for the next request.
                Note: OS-only mode (test): no opening sites
                """);
    }
}
