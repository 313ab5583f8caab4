package io.socketwatch.error;

import static io.socketwatch.error.ShouldNotLeakAfterTheirTests.enteredCloseWaitDuringALaterTest;
import static io.socketwatch.error.ShouldNotLeakAfterTheirTests.shouldNotLeakAfterTheRun;
import static io.socketwatch.error.ShouldNotLeakAfterTheirTests.shouldNotLeakAfterTheirTests;
import static io.socketwatch.testing.Activities.activity;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.presentation.StandardRepresentation.STANDARD_REPRESENTATION;

import io.socketwatch.error.ShouldNotLeakAfterTheirTests.Leak;
import io.socketwatch.model.LaterFinding;
import io.socketwatch.model.SocketActivity;
import io.socketwatch.model.TcpConnection.ClosedFirst;
import io.socketwatch.model.TcpState;
import java.util.List;
import java.util.Optional;
import org.assertj.core.description.TextDescription;
import org.junit.jupiter.api.Test;

class ShouldNotLeakAfterTheirTestsTests {

    @Test
    void namesEachTestWithItsConnectionWhatBecameOfItThenTheFix() {
        SocketActivity atTheirEnds = activity()
                .client(50001, 8080, 0, null, ClosedFirst.NEITHER, 2, TcpState.ESTABLISHED)
                .client(50002, 8080, 3, null, ClosedFirst.NEITHER, 0, TcpState.ESTABLISHED)
                .takenAtMs(10);
        List<Leak> leaks = List.of(
                new Leak("fetchesOrders()", new LaterFinding(atTheirEnds.connections().get(0),
                        LaterFinding.Kind.CLOSE_WAIT, Optional.empty()), Optional.of("cancelsOrders()")),
                new Leak("listsOrders()", new LaterFinding(atTheirEnds.connections().get(1),
                        LaterFinding.Kind.DROPPED_WITHOUT_CLOSE, Optional.empty()), Optional.empty()));

        String message = shouldNotLeakAfterTheirTests("com.acme.OrderClientTest", leaks)
                .create(new TextDescription("Test"), STANDARD_REPRESENTATION);

        assertThat(message).isEqualTo("""
                [Test] \nExpecting the connections that tests of com.acme.OrderClientTest left open to be closed, or \
                still in use, at the end of the class, but 2 were not:
                  fetchesOrders(): 127.0.0.1:50001 -> 127.0.0.1:8080  client  2 exchanges  opened at \
                com.acme.OrderClient.fetch(OrderClient.java:42)
                      entered CLOSE_WAIT after the test ended, during cancelsOrders(): the peer closed it and this JVM \
                never did, so its socket stays open until the JVM exits
                  listsOrders(): 127.0.0.1:50002 -> 127.0.0.1:8080  client  0 exchanges  opened at \
                com.acme.OrderClient.fetch(OrderClient.java:43)
                      dropped without close after the test ended: its socket object was collected while the connection \
                was open
                Fix: close what a test opens (a client, a pool, a response) before the test ends; for a pool the tests \
                share, close it when they are done, or let it evict idle connections before the server's idle timeout \
                closes them.
                """);
    }

    @Test
    void notesInALaterTestsActivityThatAConnectionAnEarlierTestLeftOpenIsNotItsLeak() {
        SocketActivity later = activity()
                .client(50004, 8080, 0, null, ClosedFirst.PEER, 1, TcpState.CLOSE_WAIT)
                .takenAtMs(10);

        assertThat(enteredCloseWaitDuringALaterTest(later.connections().get(0), "fetchesOrders()")).isEqualTo(
                "127.0.0.1:50004 -> 127.0.0.1:8080 (client), left open by fetchesOrders(), entered CLOSE_WAIT during "
                + "this test: not this test's leak; it is reported against fetchesOrders()");
    }

    @Test
    void atTheEndOfTheRunNamesEachTestWithItsClass() {
        SocketActivity atItsEnd = activity()
                .client(50003, 8080, 0, null, ClosedFirst.NEITHER, 1, TcpState.ESTABLISHED)
                .takenAtMs(10);
        List<Leak> leaks = List.of(new Leak("com.acme.OrderClientTest.fetchesOrders()", new LaterFinding(
                atItsEnd.connections().get(0), LaterFinding.Kind.CLOSE_WAIT, Optional.empty()), Optional.empty()));

        String message = shouldNotLeakAfterTheRun(leaks).create(new TextDescription(""), STANDARD_REPRESENTATION);

        assertThat(message).isEqualTo("""
                \nExpecting the connections that watched tests left open to be closed, or still in use, at the end of \
                the run, but 1 was not:
                  com.acme.OrderClientTest.fetchesOrders(): 127.0.0.1:50003 -> 127.0.0.1:8080  client  1 exchange  \
                opened at com.acme.OrderClient.fetch(OrderClient.java:42)
                      entered CLOSE_WAIT after the test ended: the peer closed it and this JVM never did, so its \
                socket stays open until the JVM exits
                Fix: close what a test opens (a client, a pool, a response) before the test ends; for a pool the tests \
                share, close it when they are done, or let it evict idle connections before the server's idle timeout \
                closes them.
                """);
    }
}
