package io.socketwatch.junit;

import static io.socketwatch.junit.testkit.SocketWatchTestKit.failure;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;

import io.socketwatch.junit.testkit.SocketWatchTestKit;
import io.socketwatch.testing.EchoServer;
import java.io.IOException;
import java.net.Socket;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.platform.testkit.engine.Events;

/** {@code allowedTimeWait} bounds all the TIME_WAIT a test leaves, churned or not, in the churn check's place. */
@EnabledOnOs(OS.LINUX)
class AllowedTimeWaitTests {

    static EchoServer server;

    @BeforeAll
    static void startServer() throws IOException {
        server = new EchoServer("127.0.0.1");
    }

    @AfterAll
    static void stopServer() throws Exception {
        server.close();
    }

    @Test
    void fourChurnedConnectionsPassUnderABoundOfTen() {
        Events tests = run("churnsFourUnderABoundOfTen");

        tests.assertStatistics(stats -> stats.started(1).succeeded(1));
    }

    @Test
    void fourChurnedConnectionsFailABoundOfTwoWithTheBoundsMessage() {
        Events tests = run("churnsFourUnderABoundOfTwo");

        tests.assertStatistics(stats -> stats.started(1).failed(1));
        Throwable failure = failure(tests, "churnsFourUnderABoundOfTwo");
        assertThat(failure).isExactlyInstanceOf(AssertionError.class);
        assertThat(failure.getMessage()).startsWith(
                "\nExpecting socket activity to leave at most 2 connections in TIME_WAIT, but it left 4:\n");
    }

    @Test
    void withoutABoundTheSameTestFailsTheChurnCheck() {
        Events tests = run("churnsFourWithoutABound");

        Throwable failure = failure(tests, "churnsFourWithoutABound");
        assertThat(failure.getMessage()).startsWith(
                "\nExpecting socket activity to leave no TIME_WAIT behind from connection churn, but 3 connections");
    }

    private static Events run(String method) {
        return SocketWatchTestKit.run(Map.of(), selectMethod(ChurnTestCases.class, method)).testEvents();
    }

    @SocketWatch
    static class ChurnTestCases {

        static void fourConnectionsClosedByTheClient() throws IOException {
            for (int request = 0; request < 4; request++) {
                try (Socket socket = new Socket("127.0.0.1", server.port())) {
                    EchoServer.roundTrip(socket, "GET");
                }
            }
        }

        @Test
        @SocketWatch(allowedTimeWait = 10)
        void churnsFourUnderABoundOfTen() throws IOException {
            fourConnectionsClosedByTheClient();
        }

        @Test
        @SocketWatch(allowedTimeWait = 2)
        void churnsFourUnderABoundOfTwo() throws IOException {
            fourConnectionsClosedByTheClient();
        }

        @Test
        void churnsFourWithoutABound() throws IOException {
            fourConnectionsClosedByTheClient();
        }
    }
}
