package io.socketwatch.junit;

import static io.socketwatch.junit.testkit.SharedEchoServer.aConnectionPerRequest;
import static io.socketwatch.junit.testkit.SocketWatchTestKit.assertStatistics;
import static io.socketwatch.junit.testkit.SocketWatchTestKit.failure;
import static io.socketwatch.junit.testkit.SocketWatchTestKit.run;
import static io.socketwatch.junit.testkit.SocketWatchTestKit.verdict;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.InstanceOfAssertFactories.THROWABLE;

import io.socketwatch.SocketWatcher;
import io.socketwatch.junit.SocketWatcherParameterTests.ReuseTestCases;
import io.socketwatch.junit.TimeWaitCheckTests.ChurnTestCases;
import io.socketwatch.junit.testkit.Leftovers;
import io.socketwatch.junit.testkit.PeerThatCloses;
import java.io.IOException;
import java.net.Socket;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.platform.engine.reporting.ReportEntry;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.Events;

/**
 * How {@code @SocketWatch} reports: beside a test's own failure, never in place of an Error, several problems at once,
 * and report entries.
 */
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
    @DisplayName("an Error")
    class Errors {

        @Test
        void thrownByTheCodeUnderTestIsTheTestsFailureUnchangedWithSocketwatchsVerdictSuppressed() {
            Events tests = run(ErrorTestCases.class).testEvents();

            assertStatistics(tests, stats -> stats.started(2).failed(2));
            assertThat(failure(tests, "churnsThenThrowsAnError")).isExactlyInstanceOf(CodeUnderTestError.class)
                    .hasMessage("the code under test failed after churning").hasNoCause()
                    .satisfies(error -> assertThat(error.getSuppressed()).singleElement()
                            .isExactlyInstanceOf(AssertionError.class)
                            .satisfies(verdict -> assertThat(verdict).hasMessageContaining("and left in TIME_WAIT")));
            assertThat(failure(tests, "throwsAnError")).isExactlyInstanceOf(CodeUnderTestError.class)
                    .hasMessage("the code under test failed").hasNoCause()
                    .satisfies(error -> assertThat(error.getSuppressed()).isEmpty());
        }

        /**
         * JUnit rethrows an unrecoverable error at once, skipping every later callback: the run ends with it, and the
         * test's recording is never stopped, so the fixture leaves its watcher to be closed here. Run on a thread of
         * its own, which takes the abandoned session's thread-local with it.
         */
        @Test
        void thatIsUnrecoverableEndsTheRunUnchanged() throws Exception {
            FutureTask<EngineExecutionResults> aborted = new FutureTask<>(() -> run(UnrecoverableErrorTestCases.class));
            new Thread(aborted, "unrecoverable-run").start();
            try {
                assertThatThrownBy(() -> aborted.get(30, TimeUnit.SECONDS))
                        .isExactlyInstanceOf(ExecutionException.class)
                        .cause().isExactlyInstanceOf(OutOfMemoryError.class)
                        .hasMessage("the code under test ran out of memory").hasNoCause();
            } finally {
                if (UnrecoverableErrorTestCases.abandoned != null) { // null when the fixture did not get to run
                    UnrecoverableErrorTestCases.abandoned.close();
                }
            }
        }

        @Test
        void fromAnAssertionOnTheSocketWatcherParameterIsTheTestsFailureWithSocketwatchsVerdictSuppressed() {
            Events tests = run(ReuseTestCases.class).testEvents();

            assertThat(verdict(tests, "aConnectionPerRequestIsNoReuse"))
                    .startsWith("\nExpecting socket activity to reuse connections to 127.0.0.1:<port>");
            assertThat(failure(tests, "aConnectionPerRequestIsNoReuse").getSuppressed()).singleElement()
                    .isExactlyInstanceOf(AssertionError.class)
                    .satisfies(verdict -> assertThat(verdict).hasMessageContaining("and left in TIME_WAIT"));
        }

        @Test
        void raisedInSocketwatchsChecksFailsTheTestWithThatError() {
            Events tests = run(FailingCheckTestCases.class).testEvents();

            assertStatistics(tests, stats -> stats.started(2).failed(2));
            assertThat(failure(tests, "opensNothing")).isExactlyInstanceOf(BrokenCheckError.class)
                    .hasMessage("a check's own error").hasNoCause();
        }

        @Test
        void raisedInSocketwatchsChecksIsKeptBesideTheTestsOwnFailure() {
            Events tests = run(FailingCheckTestCases.class).testEvents();

            assertThat(failure(tests, "failsOnItsOwn")).isExactlyInstanceOf(AssertionError.class)
                    .hasMessage("the test's own failure")
                    .satisfies(failure -> assertThat(failure.getSuppressed()).singleElement(THROWABLE)
                            .isExactlyInstanceOf(BrokenCheckError.class).hasMessage("a check's own error"));
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

    /** An Error of the code under test, not one of JUnit's unrecoverable ones: the test fails with it. */
    static final class CodeUnderTestError extends Error {

        CodeUnderTestError(String message) {
            super(message);
        }
    }

    @SocketWatch
    static class ErrorTestCases {

        @Test
        void churnsThenThrowsAnError() throws IOException {
            aConnectionPerRequest(2);
            throw new CodeUnderTestError("the code under test failed after churning");
        }

        @Test
        void throwsAnError() {
            throw new CodeUnderTestError("the code under test failed");
        }
    }

    @SocketWatch
    static class UnrecoverableErrorTestCases {

        static volatile SocketWatcher abandoned;

        @Test
        void runsOutOfMemory(SocketWatcher watcher) {
            abandoned = watcher;
            throw new OutOfMemoryError("the code under test ran out of memory");
        }
    }

    /** An Error a bug in socketwatch's checks might raise. */
    static final class BrokenCheckError extends Error {

        BrokenCheckError(String message) {
            super(message);
        }
    }

    /** Watched by an extension whose checks throw an Error, as a bug in them would, whatever the test did. */
    static class FailingCheckTestCases {

        @RegisterExtension
        static final SocketWatchExtension WATCH = new SocketWatchExtension((activity, settings) -> {
            throw new BrokenCheckError("a check's own error");
        });

        @Test
        void opensNothing() {
        }

        @Test
        void failsOnItsOwn() {
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
