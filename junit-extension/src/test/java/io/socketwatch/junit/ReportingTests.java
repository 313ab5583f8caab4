package io.socketwatch.junit;

import static io.socketwatch.junit.testkit.SharedEchoServer.aConnectionPerRequest;
import static io.socketwatch.junit.testkit.SocketWatchTestKit.failure;
import static io.socketwatch.junit.testkit.SocketWatchTestKit.run;
import static io.socketwatch.junit.testkit.SocketWatchTestKit.verdict;
import static org.assertj.core.api.Assertions.assertThat;

import io.socketwatch.junit.TimeWaitCheckTests.ChurnTestCases;
import io.socketwatch.junit.testkit.Leftovers;
import io.socketwatch.junit.testkit.PeerThatCloses;
import java.io.IOException;
import java.net.Socket;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.platform.engine.reporting.ReportEntry;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.Events;

/** How {@code @SocketWatch} reports: beside a test's own failure, several problems at once, and report entries. */
@EnabledOnOs(OS.LINUX)
class ReportingTests {

    @Nested
    @DisplayName("a test's own failure")
    class OwnFailure {

        @Test
        void isNeverHiddenAndKeepsSocketwatchsAsSuppressed() {
            Events tests = run(OwnFailureTestCases.class).testEvents();

            Throwable failure = failure(tests, "failsAfterChurning");
            assertThat(failure).isInstanceOf(AssertionError.class).hasMessage("the test's own failure");
            assertThat(failure.getSuppressed()).singleElement().satisfies(suppressed -> assertThat(suppressed)
                    .hasMessageContaining("and left in TIME_WAIT"));
        }
    }

    @Nested
    @DisplayName("socketwatch's failure")
    class SocketwatchsFailure {

        @Test
        void holdsEveryProblemOfATest() {
            Events tests = run(TwoProblemsTestCases.class).testEvents();

            String message = verdict(tests, "churnsAndKeepsAConnectionThePeerClosed");
            assertThat(message).startsWith("socketwatch found 2 problems:\n\nExpecting socket activity to leave no "
                    + "TIME_WAIT behind from connection churn, but 1 connection was closed");
            assertThat(message).contains("\n\nExpecting socket activity to leak no connection, but 1 connection was "
                    + "leaked:\n  127.0.0.1:<port> -> 127.0.0.1:<port>  client  CLOSE_WAIT");
        }
    }

    @Nested
    @DisplayName("the report entries")
    class ReportEntries {

        @Test
        void countTheConnectionsOfEveryTest() {
            EngineExecutionResults results = run(ChurnTestCases.class);

            List<Map<String, String>> entries = results.allEvents().reportingEntryPublished().stream()
                    .map(event -> event.getPayload(ReportEntry.class).orElseThrow().getKeyValuePairs())
                    .toList();
            assertThat(entries).containsExactlyInAnyOrder(
                    Map.of("socketwatch.connectionsOpened", "3", "socketwatch.connectionsReused", "0",
                            "socketwatch.leftInTimeWait", "3"),
                    Map.of("socketwatch.connectionsOpened", "1", "socketwatch.connectionsReused", "1",
                            "socketwatch.leftInTimeWait", "1"));
        }
    }

    @SocketWatch
    static class OwnFailureTestCases {

        @Test
        void failsAfterChurning() throws IOException {
            aConnectionPerRequest(2);
            throw new AssertionError("the test's own failure");
        }
    }

    @SocketWatch(settleTimeout = "300ms")
    static class TwoProblemsTestCases {

        @Test
        void churnsAndKeepsAConnectionThePeerClosed() throws IOException {
            aConnectionPerRequest(2);
            PeerThatCloses peer = new PeerThatCloses();
            Socket kept = new Socket("127.0.0.1", peer.port());
            peer.closeItsEnd(kept);
            Leftovers.keep(kept);
        }

        @AfterAll
        static void closeLeftovers() throws IOException {
            Leftovers.closeAll();
        }
    }
}
