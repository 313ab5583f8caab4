package io.socketwatch.error;

import static io.socketwatch.error.ShouldHoldAtMostConcurrentConnections.shouldHoldAtMostConcurrentConnections;
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

class ShouldHoldAtMostConcurrentConnectionsTests {

    @Test
    void listsTheConnectionsThenTheFix() {
        SocketActivity two = activity()
                .client(50001, 5432, 0, null, ClosedFirst.NEITHER, 3, TcpState.ESTABLISHED)
                .client(50002, 5432, 1, null, ClosedFirst.NEITHER, 2, TcpState.ESTABLISHED)
                .takenAtMs(10);

        String message = shouldHoldAtMostConcurrentConnections(two, "127.0.0.1:5432", 1, 2, two.connections(),
                List.of()).create(new TextDescription("Test"), STANDARD_REPRESENTATION);

        assertThat(message).isEqualTo("""
                [Test] \nExpecting socket activity to hold at most 1 connection to 127.0.0.1:5432 at once, but it \
                held 2:
                  127.0.0.1:50001 -> 127.0.0.1:5432  client  ESTABLISHED  age 10 ms  3 exchanges  open  opened at \
                com.acme.OrderClient.fetch(OrderClient.java:42)
                      still open after 3 exchanges
                  127.0.0.1:50002 -> 127.0.0.1:5432  client  ESTABLISHED  age 9 ms  2 exchanges  open  opened at \
                com.acme.OrderClient.fetch(OrderClient.java:43)
                      still open after 2 exchanges
                Fix: cap the client's connections to this endpoint (its pool's maximum per host or route) or the \
                number of requests sent at once.
                """);
    }

    @Test
    void namesWhatTheApplicationNeverReleasedFirst() {
        SocketActivity held = activity()
                .client(50001, 5432, 0, null, ClosedFirst.NEITHER, 1, TcpState.ESTABLISHED)
                .client(50002, 5432, 1, null, ClosedFirst.NEITHER, 1, TcpState.ESTABLISHED)
                .resource(ClientResource.Kind.POOLED_JDBC_CONNECTION, "jdbc:postgresql://127.0.0.1:5432/app", 0,
                        false)
                .takenAtMs(10);

        String message = shouldHoldAtMostConcurrentConnections(held, "127.0.0.1:5432", 1, 2, held.connections(),
                held.resources()).create(new TextDescription("Test"), STANDARD_REPRESENTATION);

        assertThat(message).isEqualTo("""
                [Test] \nExpecting socket activity to hold at most 1 connection to 127.0.0.1:5432 at once, but it \
                held 2, and the application never released 1 of what the client handed it, each holding a connection:
                  pooled JDBC connection  jdbc:postgresql://127.0.0.1:5432/app  not released  age 10 ms  obtained at \
                com.acme.OrderClient.fetch(OrderClient.java:43)
                      never closed: it is never returned, and the pool has one connection less until it is
                The connections:
                  127.0.0.1:50001 -> 127.0.0.1:5432  client  ESTABLISHED  age 10 ms  1 exchange  open  opened at \
                com.acme.OrderClient.fetch(OrderClient.java:42)
                      still open after 1 exchange
                  127.0.0.1:50002 -> 127.0.0.1:5432  client  ESTABLISHED  age 9 ms  1 exchange  open  opened at \
                com.acme.OrderClient.fetch(OrderClient.java:43)
                      still open after 1 exchange
                Fix: close each response (try-with-resources, or read its body to the end) and each connection you \
                borrow, so that the pool can hand it to the next request instead of opening another.
                """);
    }
}
