package io.socketwatch.error;

import static io.socketwatch.error.ShouldHaveAtMostTimeWait.shouldHaveAtMostTimeWait;
import static io.socketwatch.testing.Activities.activity;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.presentation.StandardRepresentation.STANDARD_REPRESENTATION;

import io.socketwatch.internal.os.PlatformTcpFacts;
import io.socketwatch.model.SocketActivity;
import io.socketwatch.model.TcpConnection.ClosedFirst;
import io.socketwatch.model.TcpState;
import org.assertj.core.description.TextDescription;
import org.junit.jupiter.api.Test;

class ShouldHaveAtMostTimeWaitTests {

    @Test
    void listsEveryConnectionInTimeWaitThenWhyAndTheFix() {
        SocketActivity two = activity()
                .client(50001, 8080, 0, 5L, ClosedFirst.THIS_JVM, 1, TcpState.TIME_WAIT)
                .client(50002, 9090, 0, 5L, ClosedFirst.THIS_JVM, 2, TcpState.TIME_WAIT)
                .note("OS-only mode (test): no opening sites")
                .takenAtMs(10);

        String message = shouldHaveAtMostTimeWait(two, 1, two.connections())
                .create(new TextDescription("Test"), STANDARD_REPRESENTATION);

        assertThat(message).isEqualTo("""
                [Test] \nExpecting socket activity to leave at most 1 connection in TIME_WAIT, but it left 2:
                  127.0.0.1:50001 -> 127.0.0.1:8080  client  TIME_WAIT  age 5 ms  1 exchange  closed first by this \
                JVM  opened at com.acme.OrderClient.fetch(OrderClient.java:42)
                  127.0.0.1:50002 -> 127.0.0.1:9090  client  TIME_WAIT  age 5 ms  2 exchanges  closed first by this \
                JVM  opened at com.acme.OrderClient.fetch(OrderClient.java:43)
                The side that closes a connection first keeps it in TIME_WAIT for 60 s, holding a local port.
                Fix: reuse connections instead of closing them after each request, or let the peer close first.
                Note: OS-only mode (test): no opening sites
                """);
    }

    @Test
    void quotesMacOsTimeWait() {
        SocketActivity one = activity()
                .client(50001, 8080, 0, 5L, ClosedFirst.THIS_JVM, 1, TcpState.TIME_WAIT)
                .takenAtMs(10);

        String message = shouldHaveAtMostTimeWait(one, 0, one.connections(), PlatformTcpFacts.MACOS)
                .create(new TextDescription("Test"), STANDARD_REPRESENTATION);

        assertThat(message).contains("\nThe side that closes a connection first keeps it in TIME_WAIT for 30 s, "
                + "holding a local port.\n");
    }

    @Test
    void countsTheConnectionsAllowed() {
        SocketActivity one = activity()
                .client(50001, 8080, 0, 5L, ClosedFirst.THIS_JVM, 1, TcpState.TIME_WAIT)
                .takenAtMs(10);

        String message = shouldHaveAtMostTimeWait(one, 0, one.connections())
                .create(new TextDescription("Test"), STANDARD_REPRESENTATION);

        assertThat(message).startsWith("[Test] \nExpecting socket activity to leave at most 0 connections in "
                + "TIME_WAIT, but it left 1:\n");
    }
}
