package io.socketwatch.junit;

import static io.socketwatch.junit.testkit.SharedEchoServer.echoPort;
import static io.socketwatch.junit.testkit.SharedEchoServer.request;
import static io.socketwatch.junit.testkit.SocketWatchTestKit.assertStatistics;
import static io.socketwatch.junit.testkit.SocketWatchTestKit.openedAt;
import static io.socketwatch.junit.testkit.SocketWatchTestKit.run;
import static io.socketwatch.junit.testkit.SocketWatchTestKit.verdict;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.EventConditions.test;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.instanceOf;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import io.socketwatch.SocketWatcher;
import io.socketwatch.model.TcpConnection;
import java.io.IOException;
import java.net.Socket;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.platform.testkit.engine.Events;

/** A test method's {@link SocketWatcher} parameter: the test's own recording, for explicit checks. */
@EnabledOnOs(OS.LINUX)
class SocketWatcherParameterTests {

    @Nested
    @DisplayName("the SocketWatcher parameter")
    class Parameter {

        @Test
        void givesTheTestItsOwnRecordingForAssertConnectionReused() {
            Events tests = run(ReuseTestCases.class).testEvents();

            assertStatistics(tests, stats -> stats.started(2).succeeded(1).failed(1));
            assertThat(verdict(tests, "aConnectionPerRequestIsNoReuse")).startsWith("""

                    Expecting socket activity to reuse connections to 127.0.0.1:<port> (at most 1 connection), but 2 \
                    exchanges went over 2 connections:
                      127.0.0.1:<port> -> 127.0.0.1:<port>  client  TIME_WAIT  age <age>  1 exchange  closed first by \
                    this JVM  %s
                          closed by this JVM after 1 exchange: the client does not pool connections, or sends or \
                    receives Connection: close
                    """.formatted(openedAt(ReuseTestCases.class, "aConnectionPerRequestIsNoReuse", "no-reuse")));
        }

        @Test
        void staysTheTestsOwnWhenTheTestRunsWatchedTestsOnItsThread() {
            assertStatistics(run(NestedRunTestCases.class).testEvents(), stats -> stats.started(1).succeeded(1));
        }

        @Test
        void isNotAvailableToLifecycleMethods() {
            run(LifecycleParameterTestCases.class).testEvents().assertThatEvents().haveExactly(1, event(test("aTest"),
                    finishedWithFailure(instanceOf(ParameterResolutionException.class), message(
                            "socketwatch: a SocketWatcher parameter is only available to a test method that "
                                    + "socketwatch watches (not to lifecycle methods, nor under @NoSocketWatch)"))));
        }
    }

    @SocketWatch
    static class ReuseTestCases {

        @Test
        void aConnectionPerRequestIsNoReuse(SocketWatcher watcher) throws IOException {
            for (int request = 0; request < 2; request++) {
                try (Socket socket = new Socket("127.0.0.1", echoPort())) { // line: no-reuse
                    request(socket);
                }
            }
            watcher.assertConnectionReused("127.0.0.1", echoPort());
        }

        @Test
        void oneConnectionIsReuse(SocketWatcher watcher) throws IOException {
            try (Socket socket = new Socket("127.0.0.1", echoPort())) {
                request(socket);
                request(socket);
                watcher.assertConnectionReused("localhost", echoPort());
            }
        }
    }

    @SocketWatch
    static class NestedRunTestCases {

        /** Runs watched tests through the test kit on this test's thread, then opens one connection of its own. */
        @Test
        void runsWatchedTestsThenConnects(SocketWatcher watcher) throws IOException {
            assertStatistics(run(ReuseTestCases.class).testEvents(), stats -> stats.started(2).succeeded(1).failed(1));
            try (Socket socket = new Socket("127.0.0.1", echoPort())) {
                request(socket);
            }
            assertThat(watcher.activity().connections())
                    .filteredOn(connection -> connection.side() == TcpConnection.Side.CLIENT)
                    .singleElement()
                    .satisfies(connection -> assertThat(connection.origin()).isEqualTo(TcpConnection.Origin.WINDOW));
        }
    }

    @SocketWatch
    static class LifecycleParameterTestCases {

        @BeforeEach
        void notAvailableToLifecycleMethods(SocketWatcher watcher) {
        }

        @Test
        void aTest() {
        }
    }
}
