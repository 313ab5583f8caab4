package io.socketwatch.junit;

import static io.socketwatch.junit.testkit.SocketWatchTestKit.assertStatistics;
import static io.socketwatch.junit.testkit.SocketWatchTestKit.normalized;
import static io.socketwatch.junit.testkit.SocketWatchTestKit.openedAt;
import static io.socketwatch.junit.testkit.SocketWatchTestKit.run;
import static org.assertj.core.api.Assertions.assertThat;

import io.socketwatch.junit.testkit.LoopbackEnds;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.reporting.ReportEntry;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.Event;

/**
 * The look at the end of a class at the connections its tests left open: a leak found only after the test that made
 * it is reported against that test, as a failure of the class; connections still in use, and those a test server's
 * shutdown between tests broke, are not.
 */
@EnabledOnOs(OS.LINUX)
class ClassSweepTests {

    private static final String FIX = "Fix: close what a test opens (a client, a pool, a response) before the test "
            + "ends; for a pool the tests share, close it when they are done, or let it evict idle connections before "
            + "the server's idle timeout closes them.\n";

    @Test
    void failsTheClassNamingTheTestThatLeftAConnectionWhosePeerClosedItDuringALaterTest() throws IOException {
        try {
            EngineExecutionResults results = run(PeerClosesDuringALaterTestCases.class);

            assertStatistics(results.testEvents(), stats -> stats.started(2).succeeded(2).failed(0));
            assertThat(classFailure(results, PeerClosesDuringALaterTestCases.class)).isExactlyInstanceOf(
                    AssertionError.class).extracting(failure -> normalized(failure.getMessage())).isEqualTo("""

                    Expecting the connections that tests of %s left open to be closed, or still in use, at the end \
                    of the class, but 1 was not:
                      leavesAConnectionOpen(): 127.0.0.1:<port> -> 127.0.0.1:<port>  client  1 exchange  %s
                          entered CLOSE_WAIT after the test ended, during closesTheServersEnd(): the peer closed \
                    it and this JVM never did, so its socket stays open until the JVM exits
                    """.formatted(PeerClosesDuringALaterTestCases.class.getName(),
                    openedAt(PeerClosesDuringALaterTestCases.class, "leavesAConnectionOpen", "left-open")) + FIX);
        } finally {
            PeerClosesDuringALaterTestCases.ends.closeAll();
        }
    }

    @Test
    void reportsInsteadOfFailingWhenConfiguredTo() throws IOException {
        try {
            EngineExecutionResults results = run(PeerClosesDuringALaterTestCases.class,
                    Map.of(SocketWatch.SWEEP_CLASS_PROPERTY, "report"));

            assertStatistics(results.allEvents(), stats -> stats.failed(0));
            List<String> reported = results.allEvents().reportingEntryPublished().stream()
                    .map(event -> event.getRequiredPayload(ReportEntry.class).getKeyValuePairs())
                    .filter(entry -> entry.containsKey("socketwatch.sweep"))
                    .map(entry -> normalized(entry.get("socketwatch.sweep")))
                    .toList();
            assertThat(reported).singleElement().asString().contains("leavesAConnectionOpen(): 127.0.0.1:<port> -> "
                    + "127.0.0.1:<port>  client  1 exchange");
        } finally {
            PeerClosesDuringALaterTestCases.ends.closeAll();
        }
    }

    @Test
    void looksAtNothingWhenOff() throws IOException {
        try {
            EngineExecutionResults results = run(PeerClosesDuringALaterTestCases.class,
                    Map.of(SocketWatch.SWEEP_CLASS_PROPERTY, "off", SocketWatch.SWEEP_RUN_PROPERTY, "off"));

            assertStatistics(results.allEvents(), stats -> stats.failed(0));
        } finally {
            PeerClosesDuringALaterTestCases.ends.closeAll();
        }
    }

    @Test
    void failsTheClassNamingTheTestThatLeftASocketALaterTestDropped() throws IOException {
        try {
            EngineExecutionResults results = run(DroppedAfterItsTestCases.class);

            assertStatistics(results.testEvents(), stats -> stats.started(2).succeeded(2).failed(0));
            assertThat(normalized(classFailure(results, DroppedAfterItsTestCases.class).getMessage())).isEqualTo("""

                    Expecting the connections that tests of %s left open to be closed, or still in use, at the end \
                    of the class, but 1 was not:
                      leavesASocketOpen(): 127.0.0.1:<port> -> 127.0.0.1:<port>  client  0 exchanges  %s
                          dropped without close after the test ended: its socket object was collected while the \
                    connection was open
                    """.formatted(DroppedAfterItsTestCases.class.getName(),
                    openedAt(DroppedAfterItsTestCases.class, "leavesASocketOpen", "left-to-drop")) + FIX);
        } finally {
            DroppedAfterItsTestCases.ends.closeAll();
        }
    }

    @Test
    void passesAClassWhoseTestsShareAConnectionThatStaysInUse() throws IOException {
        try {
            EngineExecutionResults results = run(ConnectionKeptForTheClassCases.class);

            assertStatistics(results.allEvents(), stats -> stats.failed(0));
            assertStatistics(results.testEvents(), stats -> stats.succeeded(2));
        } finally {
            ConnectionKeptForTheClassCases.ends.closeAll();
        }
    }

    @Test
    void passesAClassWhoseTestServerShutDownBetweenTestsLeftTheClientInCloseWait() throws IOException {
        try {
            EngineExecutionResults results = run(ServerShutDownAfterEachCases.class);

            assertStatistics(results.allEvents(), stats -> stats.failed(0));
            assertStatistics(results.testEvents(), stats -> stats.succeeded(2));
            assertThat(ServerShutDownAfterEachCases.clients).allSatisfy(client -> assertThat(client.isClosed())
                    .as("left open, in CLOSE_WAIT, for the sweep to see").isFalse());
        } finally {
            ServerShutDownAfterEachCases.closeAll();
        }
    }

    @Test
    void rejectsAnInvalidMode() {
        EngineExecutionResults results = run(ServerShutDownAfterEachCases.class,
                Map.of(SocketWatch.SWEEP_CLASS_PROPERTY, "sometimes"));

        assertThat(classFailure(results, ServerShutDownAfterEachCases.class))
                .isInstanceOf(ExtensionConfigurationException.class)
                .hasMessage("socketwatch: invalid value 'sometimes' for socketwatch.sweep.class.default: expected "
                        + "fail, report or off");
    }

    private static Throwable classFailure(EngineExecutionResults results, Class<?> fixture) {
        return results.containerEvents().failed().stream()
                .filter(event -> event.getTestDescriptor().getSource().filter(ClassSource.class::isInstance)
                        .map(source -> ((ClassSource) source).getJavaClass() == fixture).orElse(false))
                .map(ClassSweepTests::throwable)
                .findFirst()
                .orElseThrow(() -> new AssertionError("the class " + fixture.getSimpleName() + " did not fail"));
    }

    private static Throwable throwable(Event event) {
        return event.getRequiredPayload(TestExecutionResult.class).getThrowable().orElseThrow();
    }

    /** One request and its answer, so that each end has seen the other. */
    static void exchange(Socket client, Socket server) throws IOException {
        client.getOutputStream().write('?');
        assertThat(server.getInputStream().read()).isEqualTo('?');
        server.getOutputStream().write('!');
        assertThat(client.getInputStream().read()).isEqualTo('!');
    }

    private static void closeQuietly(AutoCloseable... closeables) {
        for (AutoCloseable closeable : closeables) {
            try {
                if (closeable != null) {
                    closeable.close();
                }
            } catch (Exception ignored) {
                // the fixture's leftovers, closed after its run
            }
        }
    }

    @SocketWatch
    @Execution(ExecutionMode.SAME_THREAD) // in order, also when ParallelSweepTests runs classes at once
    @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
    static class PeerClosesDuringALaterTestCases {
        static final LoopbackEnds ends = new LoopbackEnds();

        @BeforeAll
        static void listen() throws IOException {
            ends.listen();
        }

        @Test
        @Order(1)
        void leavesAConnectionOpen() throws IOException {
            ServerSocket listener = ends.listener;
            ends.client = new Socket(listener.getInetAddress(), listener.getLocalPort()); // line: left-open
            ends.serverEnd = listener.accept();
            exchange(ends.client, ends.serverEnd);
        }

        @Test
        @Order(2)
        void closesTheServersEnd() throws IOException {
            ends.serverEnd.close();
            assertThat(ends.client.getInputStream().read()).isEqualTo(-1); // the FIN arrived: now in CLOSE_WAIT
        }
    }

    @SocketWatch
    @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
    static class DroppedAfterItsTestCases {

        static final LoopbackEnds ends = new LoopbackEnds();

        @BeforeAll
        static void listen() throws IOException {
            ends.listen();
        }

        @Test
        @Order(1)
        void leavesASocketOpen() throws IOException {
            ServerSocket listener = ends.listener;
            ends.client = new Socket(listener.getInetAddress(), listener.getLocalPort()); // line: left-to-drop
            ends.serverEnd = listener.accept();
        }

        @Test
        @Order(2)
        void dropsIt() {
            ends.client = null; // never closed: only the garbage collector can find it gone
        }
    }

    @SocketWatch
    @Execution(ExecutionMode.SAME_THREAD) // in order, also when ParallelSweepTests runs classes at once
    @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
    static class ConnectionKeptForTheClassCases {

        static final LoopbackEnds ends = new LoopbackEnds();

        @BeforeAll
        static void listen() throws IOException {
            ends.listen();
        }

        @Test
        @Order(1)
        void opensTheSharedConnection() throws IOException {
            ends.connect();
            exchange(ends.client, ends.serverEnd);
        }

        @Test
        @Order(2)
        void usesItAgain() throws IOException {
            exchange(ends.client, ends.serverEnd);
        }
    }

    /** A server per test, shut down in {@code @AfterEach}, and clients the tests never close. */
    @SocketWatch
    static class ServerShutDownAfterEachCases {

        static final List<Socket> clients = new java.util.concurrent.CopyOnWriteArrayList<>();
        private ServerSocket listener;
        private Socket serverEnd;

        @Test
        void firstRequest() throws IOException {
            request();
        }

        @Test
        void secondRequest() throws IOException {
            request();
        }

        private void request() throws IOException {
            listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
            Socket client = new Socket(listener.getInetAddress(), listener.getLocalPort());
            clients.add(client);
            serverEnd = listener.accept();
            exchange(client, serverEnd);
        }

        @AfterEach
        void shutDownServer() throws IOException {
            closeQuietly(serverEnd, listener);
            assertThat(clients.get(clients.size() - 1).getInputStream().read()).isEqualTo(-1); // now in CLOSE_WAIT
        }

        static void closeAll() {
            clients.forEach(ClassSweepTests::closeQuietly);
            clients.clear();
        }
    }
}
