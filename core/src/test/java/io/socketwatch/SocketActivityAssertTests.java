package io.socketwatch;

import static io.socketwatch.testing.Activities.activity;
import static io.socketwatch.testing.Activities.clientsBuiltPerCall;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.socketwatch.model.ClientResource;
import io.socketwatch.model.SocketActivity;
import io.socketwatch.model.TcpConnection.ClosedFirst;
import io.socketwatch.model.TcpConnection.Origin;
import io.socketwatch.model.TcpConnection.Side;
import io.socketwatch.model.TcpState;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class SocketActivityAssertTests {

    @Nested
    @DisplayName("hasNoTimeWaitLeak")
    class TimeWait {

        @Test
        void failsOnAConnectionPerRequestWithOneLinePerChurnedConnection() {
            SocketActivity churn = activity()
                    .client(50001, 8080, 0, 5L, ClosedFirst.THIS_JVM, 1, TcpState.TIME_WAIT)
                    .client(50002, 8080, 6, 12L, ClosedFirst.THIS_JVM, 1, TcpState.TIME_WAIT)
                    .client(50003, 8080, 13, 1500L, ClosedFirst.THIS_JVM, 1, TcpState.TIME_WAIT)
                    .takenAtMs(1600);

            assertThatThrownBy(() -> SocketAssertions.assertThat(churn).hasNoTimeWaitLeak())
                    .isInstanceOf(AssertionError.class)
                    .hasMessageStartingWith("""

                            Expecting socket activity to leave no TIME_WAIT behind from connection churn, but 2 \
                            connections were closed, replaced by a new connection to the same endpoint, and left in \
                            TIME_WAIT:
                              127.0.0.1:50001 -> 127.0.0.1:8080  client  TIME_WAIT  age 5 ms  1 exchange  closed \
                            first by this JVM  opened at com.acme.OrderClient.fetch(OrderClient.java:42)
                              127.0.0.1:50002 -> 127.0.0.1:8080  client  TIME_WAIT  age 6 ms  1 exchange  closed \
                            first by this JVM  opened at com.acme.OrderClient.fetch(OrderClient.java:43)
                            """)
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain(":50003 "));
        }

        @Test
        void passesOnALoneConnectionClosedAtTheEnd() {
            SocketActivity lone = activity()
                    .client(50001, 8080, 0, 5L, ClosedFirst.THIS_JVM, 3, TcpState.TIME_WAIT)
                    .takenAtMs(10);
            SocketAssertions.assertThat(lone).hasNoTimeWaitLeak();
        }

        @Test
        void passesOnConcurrentConnectionsThatWereNotReplacements() {
            SocketActivity parallel = activity()
                    .client(50001, 8080, 0, 20L, ClosedFirst.THIS_JVM, 1, TcpState.TIME_WAIT)
                    .client(50002, 8080, 1, 21L, ClosedFirst.THIS_JVM, 1, TcpState.TIME_WAIT)
                    .takenAtMs(30);
            SocketAssertions.assertThat(parallel).hasNoTimeWaitLeak();
        }

        @Test
        void countsALoopbackConnectionClosedByBothEndsAtOnceAsOneConnectionWithTwoLines() {
            // a simultaneous close leaves both ends in TIME_WAIT: two sockets, one connection
            SocketActivity bothClose = activity()
                    .client(50001, 8080, 0, 5L, ClosedFirst.THIS_JVM, 1, TcpState.TIME_WAIT)
                    .server(8080, 50001, 0, 5L, ClosedFirst.THIS_JVM, 1, TcpState.TIME_WAIT)
                    .client(50002, 8080, 6, 9L, ClosedFirst.THIS_JVM, 1, TcpState.TIME_WAIT)
                    .client(50003, 8080, 10, null, ClosedFirst.NEITHER, 1, TcpState.ESTABLISHED)
                    .takenAtMs(12);
            assertThatThrownBy(() -> SocketAssertions.assertThat(bothClose).hasNoTimeWaitLeak())
                    .isInstanceOf(AssertionError.class)
                    .hasMessageStartingWith("""

                            Expecting socket activity to leave no TIME_WAIT behind from connection churn, but 2 \
                            connections were closed, replaced by a new connection to the same endpoint, and left in \
                            TIME_WAIT (1 of them at both ends, closed by both at once):
                              127.0.0.1:50001 -> 127.0.0.1:8080  client  TIME_WAIT  age 5 ms  1 exchange  closed \
                            first by this JVM  opened at com.acme.OrderClient.fetch(OrderClient.java:42)
                              127.0.0.1:8080 -> 127.0.0.1:50001  server  TIME_WAIT  age 5 ms  1 exchange  closed \
                            first by this JVM  opened at com.acme.OrderClient.fetch(OrderClient.java:43)
                              127.0.0.1:50002 -> 127.0.0.1:8080  client  TIME_WAIT  age 3 ms  1 exchange  closed \
                            first by this JVM  opened at com.acme.OrderClient.fetch(OrderClient.java:44)
                            """)
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain(":50003 "));
        }

        @Test
        void judgesBothEndsOfALoopbackConnectionAsOneAndReportsTheEndInTimeWait() {
            // the in-JVM server closes first: its end sits in TIME_WAIT, the client's is gone
            SocketActivity serverCloses = activity()
                    .client(50001, 8080, 0, 5L, ClosedFirst.PEER, 1, TcpState.CLOSE)
                    .server(8080, 50001, 0, 4L, ClosedFirst.THIS_JVM, 1, TcpState.TIME_WAIT)
                    .client(50002, 8080, 6, 9L, ClosedFirst.PEER, 1, TcpState.CLOSE)
                    .server(8080, 50002, 6, 8L, ClosedFirst.THIS_JVM, 1, TcpState.TIME_WAIT)
                    .takenAtMs(10);
            assertThatThrownBy(() -> SocketAssertions.assertThat(serverCloses).hasNoTimeWaitLeak())
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining("but 1 connection was closed, replaced by a new connection")
                    .hasMessageContaining("  127.0.0.1:8080 -> 127.0.0.1:50001  server  TIME_WAIT  age 4 ms")
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain("50002 "));
        }

        @Test
        void doesNotTakeAParallelNeighboursConnectionForAReplacement() {
            // this test's one connection, then another test's connection to the same in-JVM server, seen only by
            // its server end, which a thread outside any window accepted
            SocketActivity neighbour = activity()
                    .client(50001, 8080, 0, 5L, ClosedFirst.THIS_JVM, 2, TcpState.TIME_WAIT)
                    .server(8080, 50002, 6, 9L, ClosedFirst.PEER, 1, TcpState.CLOSE)
                    .takenAtMs(10);
            SocketAssertions.assertThat(neighbour).hasNoTimeWaitLeak();
        }

        @Test
        void neverBlamesConnectionsThatWereOpenWhenTheWindowStarted() {
            InetSocketAddress server = new InetSocketAddress("127.0.0.1", 8080);
            SocketActivity baseline = activity()
                    .add(new InetSocketAddress("127.0.0.1", 50001), server, Side.CLIENT, Origin.BASELINE, 0, 5L,
                            ClosedFirst.THIS_JVM, 1, TcpState.TIME_WAIT, false)
                    .client(50002, 8080, 6, null, ClosedFirst.NEITHER, 1, TcpState.ESTABLISHED)
                    .takenAtMs(10);
            SocketAssertions.assertThat(baseline).hasNoTimeWaitLeak().hasAtMostTimeWaitConnections(0);
        }

        @Test
        void boundsTheTotalTimeWait() {
            SocketActivity two = activity()
                    .client(50001, 8080, 0, 5L, ClosedFirst.THIS_JVM, 1, TcpState.TIME_WAIT)
                    .client(50002, 9090, 0, 5L, ClosedFirst.THIS_JVM, 1, TcpState.TIME_WAIT)
                    .takenAtMs(10);
            SocketAssertions.assertThat(two).hasAtMostTimeWaitConnections(2);
            assertThatThrownBy(() -> SocketAssertions.assertThat(two).hasAtMostTimeWaitConnections(1))
                    .isInstanceOf(AssertionError.class)
                    .hasMessageStartingWith("\nExpecting socket activity to leave at most 1 connection in TIME_WAIT, "
                            + "but it left 2:\n  127.0.0.1:50001 -> 127.0.0.1:8080  client  TIME_WAIT");
        }
    }

    @Nested
    @DisplayName("hasNoCloseWaitLeak and hasNoConnectionLeak")
    class Leaks {

        @Test
        void closeWaitNamesTheConnectionAndKeepsTheActivitysNotes() {
            SocketActivity stranded = activity()
                    .client(50001, 8080, 0, null, ClosedFirst.PEER, 1, TcpState.CLOSE_WAIT)
                    .note("OS-only mode (test): no opening sites")
                    .takenAtMs(1200);
            assertThatThrownBy(() -> SocketAssertions.assertThat(stranded).hasNoCloseWaitLeak())
                    .isInstanceOf(AssertionError.class)
                    .hasMessageStartingWith("""

                            Expecting socket activity to leave no connection in CLOSE_WAIT, but 1 connection was \
                            closed by the peer and never by this JVM:
                              127.0.0.1:50001 -> 127.0.0.1:8080  client  CLOSE_WAIT  age 1.2 s  1 exchange  closed \
                            by the peer only  opened at com.acme.OrderClient.fetch(OrderClient.java:42)
                            """)
                    .hasMessageEndingWith("\nNote: OS-only mode (test): no opening sites\n");
        }

        @Test
        void connectionLeakCoversDroppedSocketsAndCloseWait() {
            SocketActivity leaky = activity()
                    .add(new InetSocketAddress("127.0.0.1", 50001), new InetSocketAddress("127.0.0.1", 8080),
                            Side.CLIENT, Origin.WINDOW, 0, 30L, ClosedFirst.THIS_JVM, 1, TcpState.ESTABLISHED, true)
                    .client(50002, 8080, 0, null, ClosedFirst.PEER, 0, TcpState.CLOSE_WAIT)
                    .takenAtMs(40);
            assertThatThrownBy(() -> SocketAssertions.assertThat(leaky).hasNoConnectionLeak())
                    .isInstanceOf(AssertionError.class)
                    .hasMessageStartingWith("""

                            Expecting socket activity to leak no connection, but 2 connections were leaked:
                              127.0.0.1:50001 -> 127.0.0.1:8080  client  ESTABLISHED  age 30 ms  1 exchange  \
                            dropped without close  opened at com.acme.OrderClient.fetch(OrderClient.java:42)
                                  the socket became unreachable while open: nothing closed it
                              127.0.0.1:50002 -> 127.0.0.1:8080  client  CLOSE_WAIT  age 40 ms  0 exchanges  \
                            closed by the peer only  opened at com.acme.OrderClient.fetch(OrderClient.java:43)
                                  the peer closed it and this JVM never did (CLOSE_WAIT)
                            """);
        }

        @Test
        void connectionLeakListsUnreleasedClientResourcesFirstAndKeepsPercentSigns() {
            SocketActivity unreleased = activity()
                    .resource(ClientResource.Kind.OKHTTP_CALL, "GET http://127.0.0.1:8080/orders%20today", 0, false)
                    .resource(ClientResource.Kind.POOLED_JDBC_CONNECTION, "jdbc:postgresql://db/app (app-pool)", 5,
                            true)
                    .client(50002, 8080, 0, null, ClosedFirst.PEER, 0, TcpState.CLOSE_WAIT)
                    .takenAtMs(40);
            assertThatThrownBy(() -> SocketAssertions.assertThat(unreleased).hasNoConnectionLeak())
                    .isInstanceOf(AssertionError.class)
                    .hasMessageStartingWith("""

                            Expecting socket activity to leak no connection, but 2 connections were leaked:
                              OkHttp call  GET http://127.0.0.1:8080/orders%20today  not released  age 40 ms  \
                            obtained at com.acme.OrderClient.fetch(OrderClient.java:41)
                                  its response body was never closed: the call keeps its connection out of the pool
                              127.0.0.1:50002 -> 127.0.0.1:8080  client  CLOSE_WAIT  age 40 ms  0 exchanges  \
                            closed by the peer only  opened at com.acme.OrderClient.fetch(OrderClient.java:44)
                                  the peer closed it and this JVM never did (CLOSE_WAIT): held by application code: \
                            the OkHttp call obtained at com.acme.OrderClient.fetch(OrderClient.java:41) was never \
                            released, so the connection never went back to its pool
                            """);
        }

        @Test
        void closeWaitSaysWhetherUnreleasedCodeHoldsTheConnectionWhereAClientIntegrationKnows() {
            SocketActivity held = activity()
                    .resource(ClientResource.Kind.OKHTTP_CALL, "GET http://localhost:8080/orders", 0, false)
                    .client(50002, 8080, 0, null, ClosedFirst.PEER, 1, TcpState.CLOSE_WAIT)
                    .takenAtMs(40);
            assertThatThrownBy(() -> SocketAssertions.assertThat(held).hasNoCloseWaitLeak())
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining("""
                              127.0.0.1:50002 -> 127.0.0.1:8080  client  CLOSE_WAIT  age 40 ms  1 exchange  closed by \
                            the peer only  opened at com.acme.OrderClient.fetch(OrderClient.java:43)
                                  held by application code: the OkHttp call obtained at \
                            com.acme.OrderClient.fetch(OrderClient.java:41) was never released, so the connection \
                            never went back to its pool
                            """);

            SocketActivity idle = activity()
                    .resource(ClientResource.Kind.OKHTTP_CALL, "GET http://localhost:8080/orders", 0, true)
                    .client(50002, 8080, 0, null, ClosedFirst.PEER, 1, TcpState.CLOSE_WAIT)
                    .client(50003, 18080, 0, null, ClosedFirst.PEER, 1, TcpState.CLOSE_WAIT)
                    .takenAtMs(40);
            assertThatThrownBy(() -> SocketAssertions.assertThat(idle).hasNoConnectionLeak())
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining("""
                                  the peer closed it and this JVM never did (CLOSE_WAIT): idle in OkHttp's pool: the \
                            server closed it while it sat unused (its keep-alive timeout is shorter than the pool's \
                            idle time)
                              127.0.0.1:50003 -> 127.0.0.1:18080  client  CLOSE_WAIT  age 40 ms  1 exchange  closed \
                            by the peer only  opened at com.acme.OrderClient.fetch(OrderClient.java:44)
                                  the peer closed it and this JVM never did (CLOSE_WAIT)
                            """);
        }

        @Test
        void closeWaitOfASocketSocketwatchDoesNotInstrumentSaysSoAndHowToFixIt() {
            SocketActivity stranded = activity()
                    .untracked(50001, 8080, Side.CLIENT, 900)
                    .untracked(9090, 50002, Side.SERVER, 900)
                    .takenAtMs(1200);
            assertThatThrownBy(() -> SocketAssertions.assertThat(stranded).hasNoCloseWaitLeak())
                    .isInstanceOf(AssertionError.class)
                    .hasMessageStartingWith("""

                            Expecting socket activity to leave no connection in CLOSE_WAIT, but 2 connections were \
                            closed by the peer and never by this JVM:
                              127.0.0.1:50001 -> 127.0.0.1:8080  client  CLOSE_WAIT  closed by the peer only  opened \
                            by code socketwatch does not instrument (a native transport such as Netty's epoll or io_uring)
                                  close the channel when the peer closes it""")
                    .hasMessageContaining("""

                              127.0.0.1:9090 -> 127.0.0.1:50002  server  CLOSE_WAIT  closed by the peer only  opened \
                            by code socketwatch does not instrument (a native transport such as Netty's epoll or io_uring)
                                  close the channel when the peer closes it""");
            assertThatThrownBy(() -> SocketAssertions.assertThat(stranded).hasNoConnectionLeak())
                    .isInstanceOf(AssertionError.class)
                    .hasMessageStartingWith("""

                            Expecting socket activity to leak no connection, but 2 connections were leaked:
                              127.0.0.1:50001 -> 127.0.0.1:8080  client  CLOSE_WAIT  closed by the peer only  opened \
                            by code socketwatch does not instrument (a native transport such as Netty's epoll or io_uring)
                                  the peer closed it and this JVM never did (CLOSE_WAIT): close the channel when the \
                            peer closes it""");
        }

        @Test
        void aSocketSocketwatchDoesNotInstrumentIsNeitherChurnNorAConnectionOpenedOrReused() {
            SocketActivity activity = activity()
                    .client(50001, 8080, 0, 10L, ClosedFirst.THIS_JVM, 2, TcpState.TIME_WAIT)
                    .untracked(50002, 8080, Side.CLIENT, 20)
                    .takenAtMs(30);
            SocketAssertions.assertThat(activity).hasNoTimeWaitLeak().reusesConnectionsTo("127.0.0.1", 8080)
                    .opensAtMostConnectionsTo("127.0.0.1", 8080, 1);
        }

        @Test
        void anOpenPooledConnectionIsNoLeak() {
            SocketActivity pooled = activity()
                    .client(50001, 8080, 0, null, ClosedFirst.NEITHER, 4, TcpState.ESTABLISHED)
                    .takenAtMs(10);
            SocketAssertions.assertThat(pooled).hasNoConnectionLeak().hasNoCloseWaitLeak().hasNoTimeWaitLeak();
        }
    }

    @Nested
    @DisplayName("reusesConnectionsTo")
    class Reuse {

        @Test
        void passesOnSeveralExchangesOverOneConnectionIncludingAWarmPool() {
            SocketActivity warm = activity()
                    .add(new InetSocketAddress("127.0.0.1", 50001), new InetSocketAddress("127.0.0.1", 8080),
                            Side.CLIENT, Origin.BASELINE, 0, null, ClosedFirst.NEITHER, 3, TcpState.ESTABLISHED, false)
                    .takenAtMs(10);
            SocketAssertions.assertThat(warm).reusesConnectionsTo("localhost", 8080);
        }

        @Test
        void failsWithWhyEachConnectionEnded() {
            SocketActivity oneEach = activity()
                    .client(50001, 8080, 0, 5L, ClosedFirst.THIS_JVM, 1, TcpState.TIME_WAIT)
                    .client(50002, 8080, 6, 9L, ClosedFirst.PEER, 1, TcpState.CLOSE)
                    .client(50003, 9999, 6, null, ClosedFirst.NEITHER, 5, TcpState.ESTABLISHED)
                    .takenAtMs(10);
            assertThatThrownBy(() -> SocketAssertions.assertThat(oneEach).reusesConnectionsTo("127.0.0.1", 8080))
                    .isInstanceOf(AssertionError.class)
                    .hasMessageStartingWith("""

                            Expecting socket activity to reuse connections to 127.0.0.1:8080 (at most 1 \
                            connection), but 2 exchanges went over 2 connections:
                              127.0.0.1:50001 -> 127.0.0.1:8080  client  TIME_WAIT  age 5 ms  1 exchange  closed \
                            first by this JVM  opened at com.acme.OrderClient.fetch(OrderClient.java:42)
                                  closed by this JVM after 1 exchange: the client does not pool connections, or \
                            sends or receives Connection: close
                              127.0.0.1:50002 -> 127.0.0.1:8080  client  CLOSE  age 3 ms  1 exchange  closed first \
                            by the peer  opened at com.acme.OrderClient.fetch(OrderClient.java:43)
                                  closed by the peer after 1 exchange: the server's keep-alive is off or shorter \
                            than the client's idle time
                            """)
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain(":9999 "));
        }

        @Test
        void startsWithAClientBuiltPerCallWhenOneExplainsTheConnections() {
            SocketActivity perCall = clientsBuiltPerCall().takenAtMs(10);
            assertThatThrownBy(() -> SocketAssertions.assertThat(perCall).reusesConnectionsTo("127.0.0.1", 8080))
                    .isInstanceOf(AssertionError.class)
                    .hasMessageStartingWith("\nExpecting socket activity to reuse connections to 127.0.0.1:8080 (at "
                            + "most 1 connection), but 3 exchanges went over 3 connections, because a client was "
                            + "built per call: ");
        }

        @Test
        void tooFewExchangesCannotShowReuse() {
            SocketActivity single = activity()
                    .client(50001, 8080, 0, null, ClosedFirst.NEITHER, 1, TcpState.ESTABLISHED)
                    .takenAtMs(10);
            assertThatThrownBy(() -> SocketAssertions.assertThat(single).reusesConnectionsTo("127.0.0.1", 8080))
                    .isInstanceOf(AssertionError.class)
                    .hasMessageStartingWith("\nExpecting socket activity to reuse connections to 127.0.0.1:8080 (at "
                            + "most 1 connection), but only 1 exchange went to it over 1 connection: reuse needs at "
                            + "least 2.\n");
        }

        @Test
        void aPoolMayUseSeveralConnections() {
            SocketActivity pool = activity()
                    .client(50001, 8080, 0, null, ClosedFirst.NEITHER, 3, TcpState.ESTABLISHED)
                    .client(50002, 8080, 0, null, ClosedFirst.NEITHER, 3, TcpState.ESTABLISHED)
                    .takenAtMs(10);
            SocketAssertions.assertThat(pool).reusesConnectionsTo("127.0.0.1", 8080, 2)
                    .opensAtMostConnectionsTo("127.0.0.1", 8080, 2)
                    .hasAtMostConcurrentConnectionsTo("127.0.0.1", 8080, 2);
            assertThatThrownBy(() -> SocketAssertions.assertThat(pool).hasAtMostConcurrentConnectionsTo(
                    "127.0.0.1", 8080, 1))
                    .hasMessageStartingWith("\nExpecting socket activity to hold at most 1 connection to "
                            + "127.0.0.1:8080 at once, but it held 2:\n"); // the rest: ShouldHoldAtMost...Tests
        }

        @Test
        void allowsThePoolsMaximumSizeWhereAnIntegrationReadIt() {
            SocketActivity ofThree = threeConnectionsFromAPool("jdbc:postgresql://localhost:5432/orders (pool)", 3);
            SocketAssertions.assertThat(ofThree).reusesConnectionsTo("127.0.0.1", 5432);

            SocketActivity ofTwo = threeConnectionsFromAPool("jdbc:postgresql://localhost:5432/orders (pool)", 2);
            assertThatThrownBy(() -> SocketAssertions.assertThat(ofTwo).reusesConnectionsTo("127.0.0.1", 5432))
                    .hasMessageStartingWith("\nExpecting socket activity to reuse connections to 127.0.0.1:5432 (at "
                            + "most 2 connections), but 9 exchanges went over 3 connections:\n");
            // a pool on another port says nothing about this endpoint
            SocketActivity elsewhere = threeConnectionsFromAPool("jdbc:postgresql://localhost:15432/orders", 3);
            assertThatThrownBy(() -> SocketAssertions.assertThat(elsewhere).reusesConnectionsTo("127.0.0.1", 5432))
                    .hasMessageContaining("(at most 1 connection)");
        }

        private SocketActivity threeConnectionsFromAPool(String poolTarget, int poolMaximumSize) {
            return activity()
                    .client(50001, 5432, 0, null, ClosedFirst.NEITHER, 3, TcpState.ESTABLISHED)
                    .client(50002, 5432, 0, null, ClosedFirst.NEITHER, 3, TcpState.ESTABLISHED)
                    .client(50003, 5432, 0, null, ClosedFirst.NEITHER, 3, TcpState.ESTABLISHED)
                    .pooledResource(poolTarget, poolMaximumSize)
                    .takenAtMs(10);
        }
    }

    @Nested
    class ClientPerCall {

        @Test
        void failsThreeClientsEachOpeningAConnectionWhileThePreviousOneSatIdle() {
            SocketActivity perCall = clientsBuiltPerCall().takenAtMs(10);
            assertThatThrownBy(() -> SocketAssertions.assertThat(perCall).hasNoClientPerCall())
                    .isInstanceOf(AssertionError.class)
                    .hasMessageStartingWith("\nExpecting socket activity to share one client per endpoint, but 3 "
                            + "clients were built for 127.0.0.1:8080, one per call");
        }

        @Test
        void passesClientsWhoseEarlierConnectionsWereBusy() {
            SocketActivity atOnce = activity()
                    .builtClient(50001, 8080, 0, 1, 1, 30)
                    .builtClient(50002, 8080, 1, 1, 2, 30)
                    .builtClient(50003, 8080, 2, 1, 3, 30)
                    .takenAtMs(10);
            SocketAssertions.assertThat(atOnce).hasNoClientPerCall();
        }
    }

    @Nested
    @DisplayName("as AssertJ assertions")
    class AssertJ {

        private final SocketActivity stranded = activity()
                .client(50001, 8080, 0, null, ClosedFirst.PEER, 1, TcpState.CLOSE_WAIT)
                .client(50002, 8080, 0, 5L, ClosedFirst.THIS_JVM, 1, TcpState.TIME_WAIT)
                .client(50003, 8080, 6, 9L, ClosedFirst.THIS_JVM, 1, TcpState.TIME_WAIT)
                .takenAtMs(10);

        @Test
        void keepsTheDescriptionGivenWithAs() {
            assertThatThrownBy(() -> SocketAssertions.assertThat(stranded).as("order service").hasNoCloseWaitLeak())
                    .hasMessageStartingWith("[order service] \nExpecting socket activity to leave no connection in "
                            + "CLOSE_WAIT");
        }

        @Test
        void softAssertionsCollectEveryFailure() {
            SocketSoftAssertions softly = new SocketSoftAssertions();
            softly.assertThat(stranded).hasNoCloseWaitLeak();
            softly.assertThat(stranded).hasNoTimeWaitLeak();
            softly.assertThat(stranded).hasNoConnectionLeak();
            assertThat(softly.errorsCollected()).hasSize(3);
        }
    }
}
