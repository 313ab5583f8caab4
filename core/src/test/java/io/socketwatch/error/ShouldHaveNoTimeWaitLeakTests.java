package io.socketwatch.error;

import static io.socketwatch.error.ShouldHaveNoTimeWaitLeak.shouldHaveNoTimeWaitLeak;
import static io.socketwatch.testing.Activities.activity;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.presentation.StandardRepresentation.STANDARD_REPRESENTATION;

import io.socketwatch.internal.os.PlatformTcpFacts;
import io.socketwatch.model.SocketActivity;
import io.socketwatch.model.TcpConnection.ClosedFirst;
import io.socketwatch.model.TcpState;
import org.assertj.core.description.TextDescription;
import org.junit.jupiter.api.Test;

class ShouldHaveNoTimeWaitLeakTests {

    @Test
    void quotesTheTimeWaitAndPortsOfWindowsAndMacOs() {
        SocketActivity churn = activity()
                .client(50001, 8080, 0, 5L, ClosedFirst.THIS_JVM, 1, TcpState.TIME_WAIT)
                .client(50002, 8080, 6, 1500L, ClosedFirst.THIS_JVM, 1, TcpState.TIME_WAIT)
                .takenAtMs(1600);

        String windows = shouldHaveNoTimeWaitLeak(churn, churn.connections(), PlatformTcpFacts.WINDOWS)
                .create(new TextDescription("Test"), STANDARD_REPRESENTATION);
        String macOs = shouldHaveNoTimeWaitLeak(churn, churn.connections(), PlatformTcpFacts.MACOS)
                .create(new TextDescription("Test"), STANDARD_REPRESENTATION);

        assertThat(windows).contains("\nA connection per request leaves one TIME_WAIT socket per request, each "
                + "holding a local port for 120 s: one endpoint then sustains only about 136 new connections/s "
                + "(16,384 ephemeral ports) before connects fail.\n");
        assertThat(macOs).contains("\nA connection per request leaves one TIME_WAIT socket per request, each "
                + "holding a local port for 30 s: one endpoint then sustains only about 546 new connections/s "
                + "(16,384 ephemeral ports) before connects fail.\n");
    }

    @Test
    void listsEachChurnedConnectionThenWhatChurnCostsTheCauseTheFixAndTheNotes() {
        SocketActivity churn = activity()
                .client(50001, 8080, 0, 5L, ClosedFirst.THIS_JVM, 1, TcpState.TIME_WAIT)
                .client(50002, 8080, 6, 1500L, ClosedFirst.THIS_JVM, 1, TcpState.TIME_WAIT)
                .note("OS-only mode (test): no opening sites")
                .takenAtMs(1600);

        String message = shouldHaveNoTimeWaitLeak(churn, churn.connections())
                .create(new TextDescription("Test"), STANDARD_REPRESENTATION);

        assertThat(message).isEqualTo("""
                [Test] \nExpecting socket activity to leave no TIME_WAIT behind from connection churn, but 2 \
                connections were closed, replaced by a new connection to the same endpoint, and left in TIME_WAIT:
                  127.0.0.1:50001 -> 127.0.0.1:8080  client  TIME_WAIT  age 5 ms  1 exchange  closed first by this \
                JVM  opened at com.acme.OrderClient.fetch(OrderClient.java:42)
                  127.0.0.1:50002 -> 127.0.0.1:8080  client  TIME_WAIT  age 1.5 s  1 exchange  closed first by this \
                JVM  opened at com.acme.OrderClient.fetch(OrderClient.java:43)
                A connection per request leaves one TIME_WAIT socket per request, each holding a local port for 60 s: \
                one endpoint then sustains only about 470 new connections/s (28,232 ephemeral ports) before connects \
                fail.
                Cause: this JVM closed each connection after using it: a client (with its own connection pool) built \
                per request, or Connection: close sent or answered.
                Fix: build one client and share it, so that its pool reuses connections, and neither send nor answer \
                Connection: close.
                Note: OS-only mode (test): no opening sites
                """);
    }

    @Test
    void saysWasForOneConnection() {
        SocketActivity churn = activity()
                .client(50001, 8080, 0, 5L, ClosedFirst.THIS_JVM, 1, TcpState.TIME_WAIT)
                .takenAtMs(10);

        String message = shouldHaveNoTimeWaitLeak(churn, churn.connections())
                .create(new TextDescription("Test"), STANDARD_REPRESENTATION);

        assertThat(message).startsWith("[Test] \nExpecting socket activity to leave no TIME_WAIT behind from "
                + "connection churn, but 1 connection was closed, replaced by a new connection to the same endpoint, "
                + "and left in TIME_WAIT:\n  127.0.0.1:50001 -> ");
    }

    @Test
    void countsBothEndsOfALoopbackConnectionInTimeWaitAsOneConnectionOnTwoLines() {
        SocketActivity bothClose = activity()
                .client(50001, 8080, 0, 5L, ClosedFirst.THIS_JVM, 1, TcpState.TIME_WAIT)
                .server(8080, 50001, 0, 5L, ClosedFirst.THIS_JVM, 1, TcpState.TIME_WAIT)
                .client(50002, 8080, 6, 9L, ClosedFirst.THIS_JVM, 1, TcpState.TIME_WAIT)
                .takenAtMs(12);

        String message = shouldHaveNoTimeWaitLeak(bothClose, bothClose.connections())
                .create(new TextDescription("Test"), STANDARD_REPRESENTATION);

        assertThat(message).startsWith("""
                [Test] \nExpecting socket activity to leave no TIME_WAIT behind from connection churn, but 2 \
                connections were closed, replaced by a new connection to the same endpoint, and left in TIME_WAIT (1 \
                of them at both ends, closed by both at once):
                  127.0.0.1:50001 -> 127.0.0.1:8080  client  TIME_WAIT  age 5 ms  1 exchange  closed first by this \
                JVM  opened at com.acme.OrderClient.fetch(OrderClient.java:42)
                  127.0.0.1:8080 -> 127.0.0.1:50001  server  TIME_WAIT  age 5 ms  1 exchange  closed first by this \
                JVM  opened at com.acme.OrderClient.fetch(OrderClient.java:43)
                  127.0.0.1:50002 -> 127.0.0.1:8080  client  TIME_WAIT  age 3 ms  1 exchange  closed first by this \
                JVM  opened at com.acme.OrderClient.fetch(OrderClient.java:44)
                A connection per request""");
    }
}
