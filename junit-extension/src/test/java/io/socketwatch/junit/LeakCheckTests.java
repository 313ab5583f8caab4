package io.socketwatch.junit;

import static io.socketwatch.junit.testkit.SharedEchoServer.echoPort;
import static io.socketwatch.junit.testkit.SharedEchoServer.request;
import static io.socketwatch.junit.testkit.SocketWatchTestKit.UNTRACKED_CLIENT_IN_CLOSE_WAIT;
import static io.socketwatch.junit.testkit.SocketWatchTestKit.assertStatistics;
import static io.socketwatch.junit.testkit.SocketWatchTestKit.openedAt;
import static io.socketwatch.junit.testkit.SocketWatchTestKit.run;
import static io.socketwatch.junit.testkit.SocketWatchTestKit.verdict;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.EventConditions.test;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import io.socketwatch.internal.os.FourTuple;
import io.socketwatch.internal.os.ProcNetTcpReader;
import io.socketwatch.internal.os.SocketEntry;
import io.socketwatch.junit.SocketWatch.Check;
import io.socketwatch.junit.testkit.Leftovers;
import io.socketwatch.junit.testkit.PeerThatCloses;
import io.socketwatch.model.TcpState;
import io.socketwatch.testing.NativeSocket;
import io.socketwatch.testing.Poll;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.platform.testkit.engine.Events;

/**
 * The CLOSE_WAIT and connection-leak checks of {@code @SocketWatch}: a connection the peer closed and the test never
 * did, a socket dropped without close, and sockets socketwatch does not instrument, looked for in the OS table.
 */
@EnabledOnOs(OS.LINUX)
class LeakCheckTests {

    @Nested
    @DisplayName("the CLOSE_WAIT and connection-leak checks")
    class Leaks {

        @Test
        void failAConnectionThePeerClosedAndTheTestNeverDid() {
            Events tests = run(CloseWaitTestCases.class).testEvents();

            assertStatistics(tests, stats -> stats.started(3).succeeded(1).failed(2));
            assertThat(verdict(tests, "keepsAConnectionThePeerClosed")).startsWith("""

                    Expecting socket activity to leak no connection, but 1 connection was leaked:
                      127.0.0.1:<port> -> 127.0.0.1:<port>  client  CLOSE_WAIT  age <age>  1 exchange  closed by the \
                    peer only  %s
                          the peer closed it and this JVM never did (CLOSE_WAIT)
                    """.formatted(openedAt(CloseWaitTestCases.class, "keepsAConnectionThePeerClosed", "close-wait")));
            assertThat(verdict(tests, "keepsAConnectionThePeerClosedWithOnlyTheCloseWaitCheck"))
                    .startsWith("""

                            Expecting socket activity to leave no connection in CLOSE_WAIT, but 1 connection was \
                            closed by the peer and never by this JVM:
                              127.0.0.1:<port> -> 127.0.0.1:<port>  client  CLOSE_WAIT  age <age>  1 exchange  closed \
                            by the peer only  %s
                            """.formatted(openedAt(CloseWaitTestCases.class,
                            "keepsAConnectionThePeerClosedWithOnlyTheCloseWaitCheck", "close-wait-only")));
        }

        @Test
        void failsASocketDroppedWithoutClose() {
            Events tests = run(DroppedSocketTestCases.class).testEvents();

            assertStatistics(tests, stats -> stats.started(2).succeeded(1).failed(1));
            // the JDK's cleaner closes a collected socket's descriptor on its own thread: the state depends on when
            String message = verdict(tests, "dropsASocket")
                    .replaceFirst("client  (ESTABLISHED|FIN_WAIT1|FIN_WAIT2|TIME_WAIT)  ", "client  <state>  ");
            assertThat(message).startsWith("""

                    Expecting socket activity to leak no connection, but 1 connection was leaked:
                      127.0.0.1:<port> -> 127.0.0.1:<port>  client  <state>  age <age>  1 exchange  dropped \
                    without close  %s
                          the socket became unreachable while open: nothing closed it
                    """.formatted(openedAt(DroppedSocketTestCases.class, "dropsASocket", "dropped")));
        }

        @Test
        void neverBlameATestForAConnectionOpenedInBeforeAll() {
            assertStatistics(run(BeforeAllTestCases.class).testEvents(), stats -> stats.started(2).succeeded(2));
        }
    }

    @Nested
    @DisplayName("the look for sockets socketwatch does not instrument")
    class Untracked {

        @Test
        void failsATestThatLeavesOneInCloseWaitWhenAskedFor() {
            Events tests = run(UntrackedCloseWaitTestCases.class,
                    Map.of(SocketWatch.UNTRACKED_CLOSE_WAIT_PROPERTY, "on")).testEvents();

            assertStatistics(tests, stats -> stats.started(3).succeeded(2).failed(1));
            assertThat(verdict(tests, "keepsANativeSocketThePeerClosed")).startsWith(UNTRACKED_CLIENT_IN_CLOSE_WAIT);
        }

        @Test
        void runsOnlyWhenANativeTransportIsLoadedOrItIsAskedFor() {
            // no native transport in this JVM: auto, the default, does not look
            assertStatistics(run(UntrackedCloseWaitTestCases.class).testEvents(),
                    stats -> stats.started(3).succeeded(3));
            assertStatistics(run(UntrackedCloseWaitTestCases.class,
                    Map.of(SocketWatch.UNTRACKED_CLOSE_WAIT_PROPERTY, "off")).testEvents(),
                    stats -> stats.started(3).succeeded(3));
            // nor when no CLOSE_WAIT check runs
            assertStatistics(run(UntrackedCloseWaitTestCases.class, Map.of(SocketWatch.UNTRACKED_CLOSE_WAIT_PROPERTY,
                    "on", SocketWatch.CHECKS_PROPERTY, "TIME_WAIT")).testEvents(),
                    stats -> stats.started(3).succeeded(3));
            assertStatistics(run(UntrackedCloseWaitOnTestCases.class).testEvents(),
                    stats -> stats.started(2).succeeded(1).failed(1))
                    .assertThatEvents().haveExactly(1, event(test("keepsANativeSocketThePeerClosed"),
                            finishedWithFailure(message(text -> text.contains("opened by code socketwatch does not "
                                    + "instrument")))));
        }
    }

    @SocketWatch(settleTimeout = "300ms")
    static class CloseWaitTestCases {

        @Test
        void keepsAConnectionThePeerClosed() throws IOException {
            PeerThatCloses peer = new PeerThatCloses();
            Socket kept = new Socket("127.0.0.1", peer.port()); // line: close-wait
            peer.closeItsEnd(kept);
            Leftovers.keep(kept); // closed by @AfterAll, after the verdict
        }

        @Test
        @SocketWatch(checks = Check.CLOSE_WAIT)
        void keepsAConnectionThePeerClosedWithOnlyTheCloseWaitCheck() throws IOException {
            PeerThatCloses peer = new PeerThatCloses();
            Socket kept = new Socket("127.0.0.1", peer.port()); // line: close-wait-only
            peer.closeItsEnd(kept);
            Leftovers.keep(kept);
        }

        @Test
        void closesWhenThePeerCloses() throws IOException {
            PeerThatCloses peer = new PeerThatCloses();
            try (Socket socket = new Socket("127.0.0.1", peer.port())) {
                peer.closeItsEnd(socket);
                assertThat(socket.getInputStream().read()).isEqualTo(-1);
            }
        }

        @AfterAll
        static void closeLeftovers() throws IOException {
            Leftovers.closeAll();
        }
    }

    @SocketWatch
    static class DroppedSocketTestCases {

        @Test
        void dropsASocket() throws IOException {
            Socket dropped = new Socket("127.0.0.1", echoPort()); // line: dropped
            request(dropped);
            dropped = null; // never closed: only the garbage collector can close it now
        }

        @Test
        void closesItsSocket() throws IOException {
            try (Socket socket = new Socket("127.0.0.1", echoPort())) {
                request(socket);
            }
        }
    }

    @SocketWatch
    static class BeforeAllTestCases {

        static Socket shared;

        @BeforeAll
        static void openSharedConnection() throws IOException {
            shared = new Socket("127.0.0.1", echoPort());
        }

        @Test
        void usesTheSharedConnection() throws IOException {
            request(shared);
        }

        @Test
        void leavesTheSharedConnectionAlone() {
            assertThat(shared.isConnected()).isTrue();
        }

        @AfterAll
        static void closeSharedConnection() throws IOException {
            shared.close();
        }
    }

    /** Native sockets, as Netty's epoll transport makes them: socketwatch's agent never sees them. */
    @SocketWatch(settleTimeout = "300ms")
    static class UntrackedCloseWaitTestCases {

        static final List<NativeSocket> NATIVE_LEFTOVERS = new CopyOnWriteArrayList<>();

        @Test
        void keepsANativeSocketThePeerClosed() throws IOException {
            try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                NativeSocket kept = NativeSocket.connect((InetSocketAddress) listener.getLocalSocketAddress());
                NATIVE_LEFTOVERS.add(kept); // closed by @AfterAll, after the verdict
                listener.accept().close();
            }
        }

        @Test
        void closesTheNativeSocketWhenThePeerCloses() throws Exception {
            try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                 NativeSocket socket = NativeSocket.connect((InetSocketAddress) listener.getLocalSocketAddress())) {
                listener.accept().close();
                awaitCloseWait(socket); // then closes it, as a transport does once it reads the end of the stream
            }
        }

        @Test
        void opensNoSocket() {
        }

        @AfterAll
        static void closeLeftovers() {
            NATIVE_LEFTOVERS.forEach(NativeSocket::close);
            NATIVE_LEFTOVERS.clear();
        }

        /** Polls the OS table, for at most 5 s, until {@code socket} is in CLOSE_WAIT. */
        private static void awaitCloseWait(NativeSocket socket) throws InterruptedException {
            FourTuple tuple = new FourTuple(socket.local(), socket.remote());
            ProcNetTcpReader procfs = new ProcNetTcpReader();
            assertThat(Poll.until(() -> procfs.lookup(tuple), row -> row.map(SocketEntry::state).orElse(null)
                    == TcpState.CLOSE_WAIT)).isPresent();
        }
    }

    /** The same with the attribute: no configuration parameter needed. */
    @SocketWatch(settleTimeout = "300ms", untrackedCloseWait = "on")
    static class UntrackedCloseWaitOnTestCases {

        @Test
        void keepsANativeSocketThePeerClosed() throws IOException {
            new UntrackedCloseWaitTestCases().keepsANativeSocketThePeerClosed();
        }

        @Test
        @SocketWatch(untrackedCloseWait = "off")
        void keepsANativeSocketThePeerClosedUnlooked() throws IOException {
            new UntrackedCloseWaitTestCases().keepsANativeSocketThePeerClosed();
        }

        @AfterAll
        static void closeLeftovers() {
            UntrackedCloseWaitTestCases.closeLeftovers();
        }
    }
}
