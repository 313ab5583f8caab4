package io.socketwatch.junit;

import static io.socketwatch.junit.testkit.SharedEchoServer.echoPort;
import static io.socketwatch.junit.testkit.SharedEchoServer.request;
import static io.socketwatch.junit.testkit.SocketWatchTestKit.assertStatistics;
import static io.socketwatch.junit.testkit.SocketWatchTestKit.openedAt;
import static io.socketwatch.junit.testkit.SocketWatchTestKit.run;
import static io.socketwatch.junit.testkit.SocketWatchTestKit.twoChurnedClientEnds;
import static io.socketwatch.junit.testkit.SocketWatchTestKit.verdict;
import static org.assertj.core.api.Assertions.assertThat;

import io.socketwatch.junit.SocketWatch.Check;
import java.io.IOException;
import java.net.Socket;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.platform.testkit.engine.Events;

/** The TIME_WAIT checks of {@code @SocketWatch}: churn, and a bound on the connections left in TIME_WAIT. */
@EnabledOnOs(OS.LINUX)
class TimeWaitCheckTests {

    @Nested
    @DisplayName("the churn check")
    class Churn {

        @Test
        void failsAConnectionPerRequestNamingTheEndpointTheStateAndTheLine() {
            Events tests = run(ChurnTestCases.class).testEvents();

            assertStatistics(tests, stats -> stats.started(2).succeeded(1).failed(1));
            String site = openedAt(ChurnTestCases.class, "aConnectionPerRequest", "churn");
            assertThat(verdict(tests, "aConnectionPerRequest")).startsWith(twoChurnedClientEnds(site));
        }
    }

    @Nested
    @DisplayName("the bound on TIME_WAIT")
    class Bound {

        @Test
        void failsATestThatLeavesMoreConnectionsInTimeWaitThanAllowedTimeWait() {
            Events tests = run(AllowedTimeWaitTestCases.class).testEvents();

            assertStatistics(tests, stats -> stats.started(2).succeeded(1).failed(1));
            assertThat(verdict(tests, "twoConcurrentConnectionsClosedAtTheEnd"))
                    .startsWith("""

                            Expecting socket activity to leave at most 1 connection in TIME_WAIT, but it left 2:
                              127.0.0.1:<port> -> 127.0.0.1:<port>  client  TIME_WAIT  age <age>  1 exchange  \
                            closed first by this JVM  opened at io.socketwatch.junit.TimeWaitCheckTests\
                            $AllowedTimeWaitTestCases.twoConcurrentConnectionsClosedAtTheEnd(\
                            TimeWaitCheckTests.java:""");
        }
    }

    @SocketWatch
    static class ChurnTestCases {

        @Test
        void aConnectionPerRequest() throws IOException {
            for (int request = 0; request < 3; request++) {
                try (Socket socket = new Socket("127.0.0.1", echoPort())) { // line: churn
                    request(socket);
                }
            }
        }

        @Test
        void oneConnectionForEveryRequest() throws IOException {
            try (Socket socket = new Socket("127.0.0.1", echoPort())) {
                for (int request = 0; request < 3; request++) {
                    request(socket);
                }
            }
        }
    }

    @SocketWatch(allowedTimeWait = 1, checks = Check.CONNECTION_LEAK)
    static class AllowedTimeWaitTestCases {

        @Test
        void twoConcurrentConnectionsClosedAtTheEnd() throws IOException {
            try (Socket first = new Socket("127.0.0.1", echoPort());
                 Socket second = new Socket("127.0.0.1", echoPort())) {
                request(first);
                request(second);
            }
        }

        @Test
        void oneConnectionClosedAtTheEnd() throws IOException {
            try (Socket socket = new Socket("127.0.0.1", echoPort())) {
                request(socket);
            }
        }
    }
}
