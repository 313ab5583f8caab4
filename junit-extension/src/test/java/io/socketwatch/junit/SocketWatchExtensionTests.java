package io.socketwatch.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedSuccessfully;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.EventConditions.test;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.instanceOf;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.socketwatch.SocketWatcher;
import io.socketwatch.internal.os.FourTuple;
import io.socketwatch.internal.os.ProcNetTcpReader;
import io.socketwatch.internal.os.SocketEntry;
import io.socketwatch.junit.SocketWatch.Check;
import io.socketwatch.model.TcpState;
import io.socketwatch.testing.EchoServer;
import io.socketwatch.testing.NativeSocket;
import io.socketwatch.testing.Poll;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.reporting.ReportEntry;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;

/**
 * {@code @SocketWatch} as users meet it: fixture classes ({@code *TestCases}, not run by Surefire directly) run through
 * the JUnit Platform's EngineTestKit against a real echo server on loopback, asserting outcomes and exact messages.
 * Ephemeral ports and ages vary from run to run; {@link #normalized} replaces them, nothing else.
 */
@EnabledOnOs(OS.LINUX)
class SocketWatchExtensionTests {

    static EchoServer server;

    @BeforeAll
    static void startServer() throws IOException {
        server = new EchoServer("127.0.0.1");
    }

    @AfterAll
    static void stopServer() throws Exception {
        server.close();
    }

    @Nested
    @DisplayName("the TIME_WAIT check")
    class TimeWait {

        @Test
        void failsAConnectionPerRequestNamingTheEndpointTheStateTheLineAndTheFix() {
            Events tests = run(ChurnTestCases.class).testEvents();

            tests.assertStatistics(stats -> stats.started(2).succeeded(1).failed(1));
            assertThat(normalized(failureMessage(tests, "aConnectionPerRequest"))).isEqualTo(withLines("""

                    Expecting socket activity to leave no TIME_WAIT behind from connection churn, but 2 connections \
                    were closed, replaced by a new connection to the same endpoint, and left in TIME_WAIT:
                      127.0.0.1:<port> -> 127.0.0.1:<port>  client  TIME_WAIT  age <age>  1 exchange  closed first by \
                    this JVM  opened at io.socketwatch.junit.SocketWatchExtensionTests$ChurnTestCases\
                    .aConnectionPerRequest(SocketWatchExtensionTests.java:{line:churn})
                      127.0.0.1:<port> -> 127.0.0.1:<port>  client  TIME_WAIT  age <age>  1 exchange  closed first by \
                    this JVM  opened at io.socketwatch.junit.SocketWatchExtensionTests$ChurnTestCases\
                    .aConnectionPerRequest(SocketWatchExtensionTests.java:{line:churn})
                    A connection per request leaves one TIME_WAIT socket per request, each holding a local port for \
                    60 s: one endpoint then sustains only about 470 new connections/s (28,232 ephemeral ports) before \
                    connects fail.
                    Fix: reuse connections: share one client (one connection pool) instead of one per request, do not \
                    send or answer Connection: close, and behind a reverse proxy enable upstream keep-alive.
                    """));
        }

        @Test
        void boundsTheTotalTimeWaitWhenAllowedTimeWaitIsSet() {
            Events tests = run(AllowedTimeWaitTestCases.class).testEvents();

            tests.assertStatistics(stats -> stats.started(2).succeeded(1).failed(1));
            assertThat(normalized(failureMessage(tests, "twoConcurrentConnectionsClosedAtTheEnd")))
                    .startsWith("""

                            Expecting socket activity to leave at most 1 connection in TIME_WAIT, but it left 2:
                              127.0.0.1:<port> -> 127.0.0.1:<port>  client  TIME_WAIT  age <age>  1 exchange  \
                            closed first by this JVM  opened at io.socketwatch.junit.SocketWatchExtensionTests\
                            $AllowedTimeWaitTestCases.twoConcurrentConnectionsClosedAtTheEnd(\
                            SocketWatchExtensionTests.java:""");
        }
    }

    @Nested
    @DisplayName("the CLOSE_WAIT and connection-leak checks")
    class Leaks {

        @Test
        void failAConnectionThePeerClosedAndTheTestNeverDid() {
            Events tests = run(CloseWaitTestCases.class).testEvents();

            tests.assertStatistics(stats -> stats.started(3).succeeded(1).failed(2));
            assertThat(normalized(failureMessage(tests, "keepsAConnectionThePeerClosed"))).isEqualTo(withLines("""

                    Expecting socket activity to leak no connection, but 1 connection was leaked:
                      127.0.0.1:<port> -> 127.0.0.1:<port>  client  CLOSE_WAIT  age <age>  1 exchange  closed by the \
                    peer only  opened at io.socketwatch.junit.SocketWatchExtensionTests$CloseWaitTestCases\
                    .keepsAConnectionThePeerClosed(SocketWatchExtensionTests.java:{line:close-wait})
                          the peer closed it and this JVM never did (CLOSE_WAIT)
                    Fix: close every socket, response body and JDBC connection you open, in a try-with-resources; the \
                    JDK closes a dropped socket only when the garbage collector finds it.
                    """));
            assertThat(normalized(failureMessage(tests, "keepsAConnectionThePeerClosedWithOnlyTheCloseWaitCheck")))
                    .isEqualTo(withLines("""

                            Expecting socket activity to leave no connection in CLOSE_WAIT, but 1 connection was \
                            closed by the peer and never by this JVM:
                              127.0.0.1:<port> -> 127.0.0.1:<port>  client  CLOSE_WAIT  age <age>  1 exchange  closed \
                            by the peer only  opened at io.socketwatch.junit.SocketWatchExtensionTests\
                            $CloseWaitTestCases.keepsAConnectionThePeerClosedWithOnlyTheCloseWaitCheck(\
                            SocketWatchExtensionTests.java:{line:close-wait-only})
                            A socket in CLOSE_WAIT keeps its file descriptor until this JVM closes it, and the next \
                            request sent on it fails.
                            Fix: close what you open (try-with-resources on sockets, response bodies and JDBC \
                            connections); for pooled connections, keep the pool's idle timeout below the server's \
                            keep-alive timeout.
                            """));
        }

        @Test
        void failsASocketDroppedWithoutClose() {
            Events tests = run(DroppedSocketTestCases.class).testEvents();

            tests.assertStatistics(stats -> stats.started(2).succeeded(1).failed(1));
            // the JDK's cleaner closes a collected socket's descriptor on its own thread: the state depends on when
            String message = normalized(failureMessage(tests, "dropsASocket"))
                    .replaceFirst("client  (ESTABLISHED|FIN_WAIT1|FIN_WAIT2|TIME_WAIT)  ", "client  <state>  ");
            assertThat(message).isEqualTo(withLines("""

                    Expecting socket activity to leak no connection, but 1 connection was leaked:
                      127.0.0.1:<port> -> 127.0.0.1:<port>  client  <state>  age <age>  1 exchange  dropped \
                    without close  opened at io.socketwatch.junit.SocketWatchExtensionTests$DroppedSocketTestCases\
                    .dropsASocket(SocketWatchExtensionTests.java:{line:dropped})
                          the socket became unreachable while open: nothing closed it
                    Fix: close every socket, response body and JDBC connection you open, in a try-with-resources; the \
                    JDK closes a dropped socket only when the garbage collector finds it.
                    """));
        }

        @Test
        void failASocketSocketwatchDoesNotInstrumentThatThePeerClosedWhenAskedToLookForThem() {
            Events tests = run(UntrackedCloseWaitTestCases.class,
                    Map.of(SocketWatch.UNTRACKED_CLOSE_WAIT_PROPERTY, "on")).testEvents();

            tests.assertStatistics(stats -> stats.started(3).succeeded(2).failed(1));
            assertThat(normalized(failureMessage(tests, "keepsANativeSocketThePeerClosed")))
                    .isEqualTo(UNTRACKED_CLIENT_IN_CLOSE_WAIT);
        }

        @Test
        void lookForSocketsSocketwatchDoesNotInstrumentOnlyWhenANativeTransportIsLoadedOrTheyAreAskedTo() {
            // no native transport in this JVM: auto, the default, does not look
            run(UntrackedCloseWaitTestCases.class).testEvents()
                    .assertStatistics(stats -> stats.started(3).succeeded(3));
            run(UntrackedCloseWaitTestCases.class, Map.of(SocketWatch.UNTRACKED_CLOSE_WAIT_PROPERTY, "off"))
                    .testEvents().assertStatistics(stats -> stats.started(3).succeeded(3));
            // nor when no CLOSE_WAIT check runs
            run(UntrackedCloseWaitTestCases.class, Map.of(SocketWatch.UNTRACKED_CLOSE_WAIT_PROPERTY, "on",
                    SocketWatch.CHECKS_PROPERTY, "TIME_WAIT")).testEvents()
                    .assertStatistics(stats -> stats.started(3).succeeded(3));
            run(UntrackedCloseWaitOnTestCases.class).testEvents()
                    .assertStatistics(stats -> stats.started(2).succeeded(1).failed(1))
                    .assertThatEvents().haveExactly(1, event(test("keepsANativeSocketThePeerClosed"),
                            finishedWithFailure(message(text -> text.contains("opened by code socketwatch does not "
                                    + "instrument")))));
        }

        @Test
        void neverBlameATestForAConnectionOpenedInBeforeAll() {
            run(BeforeAllTestCases.class).testEvents()
                    .assertStatistics(stats -> stats.started(2).succeeded(2));
        }
    }

    @Nested
    @DisplayName("the SocketWatcher parameter")
    class Parameter {

        @Test
        void givesTheTestItsOwnRecordingForAssertConnectionReused() {
            Events tests = run(ReuseTestCases.class).testEvents();

            tests.assertStatistics(stats -> stats.started(2).succeeded(1).failed(1));
            assertThat(normalized(failureMessage(tests, "aConnectionPerRequestIsNoReuse"))).startsWith(withLines("""

                    Expecting socket activity to reuse connections to 127.0.0.1:<port> (at most 1 connection), but 2 \
                    exchanges went over 2 connections:
                      127.0.0.1:<port> -> 127.0.0.1:<port>  client  TIME_WAIT  age <age>  1 exchange  closed first by \
                    this JVM  opened at io.socketwatch.junit.SocketWatchExtensionTests$ReuseTestCases\
                    .aConnectionPerRequestIsNoReuse(SocketWatchExtensionTests.java:{line:no-reuse})
                          closed by this JVM after 1 exchange: the client does not pool connections, or sends or \
                    receives Connection: close
                    """));
        }

        @Test
        void staysTheTestsOwnWhenTheTestRunsWatchedTestsOnItsThread() {
            run(NestedRunTestCases.class).testEvents().assertStatistics(stats -> stats.started(1).succeeded(1));
        }

        @Test
        void isNotAvailableToLifecycleMethods() {
            run(LifecycleParameterTestCases.class).testEvents().assertThatEvents().haveExactly(1, event(test("aTest"),
                    finishedWithFailure(instanceOf(ParameterResolutionException.class), message(
                            "socketwatch: a SocketWatcher parameter is only available to a test method that "
                                    + "socketwatch watches (not to lifecycle methods, nor under @NoSocketWatch)"))));
        }
    }

    @Nested
    @DisplayName("configuration")
    class Configuration {

        @Test
        void ignoresTheEndpointsNamedByTheIgnoreParameter() {
            run(ChurnTestCases.class, Map.of(SocketWatch.IGNORE_PROPERTY, "localhost:" + server.port()))
                    .testEvents().assertStatistics(stats -> stats.started(2).succeeded(2));
        }

        @Test
        void runsOnlyTheChecksTheChecksParameterNames() {
            run(ChurnTestCases.class, Map.of(SocketWatch.CHECKS_PROPERTY, "close_wait, connection_leak"))
                    .testEvents().assertStatistics(stats -> stats.started(2).succeeded(2));
            run(ChurnTestCases.class, Map.of(SocketWatch.CHECKS_PROPERTY, "none"))
                    .testEvents().assertStatistics(stats -> stats.started(2).succeeded(2));
        }

        @Test
        void annotationAttributesOverrideTheParameters() {
            run(CloseWaitTestCases.class, Map.of(SocketWatch.CHECKS_PROPERTY, "none"))
                    .testEvents().assertStatistics(stats -> stats.started(3).succeeded(2).failed(1));
        }

        @Test
        void rejectsAnInvalidParameterNamingTheKeyAndTheValue() {
            assertConfigurationError(SocketWatch.CHECKS_PROPERTY, "TIMEWAIT",
                    "socketwatch: invalid value 'TIMEWAIT' for socketwatch.checks.default: expected a comma-separated "
                            + "list of [TIME_WAIT, CLOSE_WAIT, CONNECTION_LEAK], or none");
            assertConfigurationError(SocketWatch.ALLOWED_TIME_WAIT_PROPERTY, "-2",
                    "socketwatch: invalid value '-2' for socketwatch.timewait.allowed.default: expected a whole "
                            + "number, 0 or more, or unlimited");
            assertConfigurationError(SocketWatch.SETTLE_TIMEOUT_PROPERTY, "1 minute",
                    "socketwatch: invalid value '1 minute' for socketwatch.settle.timeout.default: expected a "
                            + "duration such as 500ms or 2s");
            assertConfigurationError(SocketWatch.IGNORE_PROPERTY, "localhost",
                    "socketwatch: invalid value 'localhost' for socketwatch.ignore.default: expected host:port, "
                            + "e.g. localhost:8080 or [::1]:8080");
            assertConfigurationError(SocketWatch.UNTRACKED_CLOSE_WAIT_PROPERTY, "always",
                    "socketwatch: invalid value 'always' for socketwatch.closewait.untracked.default: expected auto, "
                            + "on or off");
        }

        @Test
        void rejectsAnInvalidAttribute() {
            run(InvalidAttributeTestCases.class).containerEvents()
                    .assertThatEvents().haveExactly(1, event(
                            finishedWithFailure(instanceOf(ExtensionConfigurationException.class), message(
                                    "socketwatch: invalid value '500' for @SocketWatch(settleTimeout): expected a "
                                            + "duration such as 500ms or 2s"))));
            run(InvalidUntrackedAttributeTestCases.class).containerEvents()
                    .assertThatEvents().haveExactly(1, event(
                            finishedWithFailure(instanceOf(ExtensionConfigurationException.class), message(
                                    "socketwatch: invalid value 'yes' for @SocketWatch(untrackedCloseWait): expected "
                                            + "auto, on or off"))));
            run(NegativeAllowedTimeWaitTestCases.class).testEvents() // every repetition: an error is not remembered
                    .assertThatEvents().haveExactly(2, event(test("anyTest"),
                            finishedWithFailure(instanceOf(ExtensionConfigurationException.class), message(
                                    "socketwatch: invalid value '-5' for @SocketWatch(allowedTimeWait): expected 0 "
                                            + "or more, or -1 for the configuration parameter"))));
        }

        @Test
        void judgesEveryRepetitionByItsOwnMethodsAnnotations() {
            Events tests = run(RepeatedTestCases.class).testEvents();

            tests.assertStatistics(stats -> stats.started(4).succeeded(2).failed(2));
            assertThat(failures(tests)).allSatisfy((name, failure) -> assertThat(failure).contains("in TIME_WAIT:"));
            tests.assertThatEvents().haveExactly(2, event(test("watchedChurn"), finishedWithFailure()))
                    .haveExactly(2, event(test("unwatchedChurn"), finishedSuccessfully()));
        }

        private void assertConfigurationError(String key, String value, String expected) {
            run(ChurnTestCases.class, Map.of(key, value)).containerEvents()
                    .assertThatEvents().haveExactly(1, event(
                            finishedWithFailure(instanceOf(ExtensionConfigurationException.class), message(expected))));
        }
    }

    @Nested
    @DisplayName("reporting")
    class Reporting {

        @Test
        void neverHidesTheTestsOwnFailureAndKeepsSocketwatchsAsSuppressed() {
            Events tests = run(OwnFailureTestCases.class).testEvents();

            Throwable failure = failure(tests, "failsAfterChurning");
            assertThat(failure).isInstanceOf(AssertionError.class).hasMessage("the test's own failure");
            assertThat(failure.getSuppressed()).singleElement().satisfies(suppressed -> assertThat(suppressed)
                    .hasMessageContaining("and left in TIME_WAIT"));
        }

        @Test
        void publishesConnectionCountsForEveryTest() {
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

        @Test
        void reportsEveryProblemOfATestInOneFailure() {
            Events tests = run(TwoProblemsTestCases.class).testEvents();

            String message = normalized(failureMessage(tests, "churnsAndKeepsAConnectionThePeerClosed"));
            assertThat(message).startsWith("socketwatch found 2 problems:\n\nExpecting socket activity to leave no "
                    + "TIME_WAIT behind from connection churn, but 1 connection was closed");
            assertThat(message).contains("\n\nExpecting socket activity to leak no connection, but 1 connection was "
                    + "leaked:\n  127.0.0.1:<port> -> 127.0.0.1:<port>  client  CLOSE_WAIT");
        }
    }

    @Nested
    @DisplayName("whole-build mode")
    class WholeBuild {

        private static final Map<String, String> AUTODETECTION =
                Map.of("junit.jupiter.extensions.autodetection.enabled", "true");

        @Test
        void checksEveryTestWithoutAnAnnotationAndHonoursNoSocketWatch() {
            Events tests = run(UnannotatedTestCases.class, AUTODETECTION).testEvents();

            tests.assertStatistics(stats -> stats.started(3).succeeded(2).failed(1));
            assertThat(failureMessage(tests, "aConnectionPerRequest")).contains("and left in TIME_WAIT");
            run(OptedOutTestCases.class, AUTODETECTION).testEvents()
                    .assertStatistics(stats -> stats.started(1).succeeded(1));
        }

        @Test
        void checksNothingWithoutAutodetection() {
            run(UnannotatedTestCases.class).testEvents().assertStatistics(stats -> stats.started(3).succeeded(3));
        }
    }

    @Nested
    @DisplayName("no false alarm")
    class Stress {

        @Test
        void cleanTestsPass200TimesInARow() {
            Events tests = run(CleanTestCases.class).testEvents();
            assertThat(failures(tests)).as("failed tests").isEmpty();
            tests.assertStatistics(stats -> stats.started(200).succeeded(200));
        }

        @Test
        void verdictsStayPerTestUnderParallelExecution() {
            EngineExecutionResults results = EngineTestKit.engine("junit-jupiter")
                    .selectors(selectClass(CleanTestCases.class), selectMethod(ChurnTestCases.class,
                            "aConnectionPerRequest"), selectMethod(CloseWaitTestCases.class,
                            "keepsAConnectionThePeerClosed"))
                    .configurationParameters(PARALLEL)
                    .execute();

            Events tests = results.testEvents();
            assertThat(failures(tests)).as("failed tests").containsOnlyKeys(
                    "aConnectionPerRequest()", "keepsAConnectionThePeerClosed()");
            tests.assertStatistics(stats -> stats.started(202).succeeded(200).failed(2));
            assertThat(failureMessage(tests, "aConnectionPerRequest")).contains("and left in TIME_WAIT")
                    .doesNotContain("CleanTestCases");
            assertThat(failureMessage(tests, "keepsAConnectionThePeerClosed")).contains("CLOSE_WAIT")
                    .doesNotContain("CleanTestCases");
        }

        /**
         * A socket socketwatch does not instrument cannot be tied to a test: while other tests run, it fails none,
         * and the test that stranded it fails only if it happened to run alone.
         */
        @Test
        void aSocketSocketwatchDoesNotInstrumentFailsNoNeighbourUnderParallelExecution() {
            Map<String, String> parameters = new java.util.HashMap<>(PARALLEL);
            parameters.put(SocketWatch.UNTRACKED_CLOSE_WAIT_PROPERTY, "on");
            Events tests = EngineTestKit.engine("junit-jupiter")
                    .selectors(selectClass(CleanTestCases.class), selectMethod(UntrackedCloseWaitTestCases.class,
                            "keepsANativeSocketThePeerClosed"))
                    .configurationParameters(parameters)
                    .execute()
                    .testEvents();

            assertThat(failures(tests)).as("failed tests").doesNotContainKey("oneConnectionForEveryRequest()")
                    .doesNotContainKey("theServerClosesAndTheClientFollows()");
            assertThat(failures(tests).values()).allSatisfy(failure -> assertThat(failure)
                    .contains("opened by code socketwatch does not instrument"));
            tests.assertStatistics(stats -> stats.started(201));
        }
    }

    @Nested
    @DisplayName("a shared executor under parallel execution")
    class SharedExecutor {

        @Test
        void aLeakInATaskFailsOnlyTheTestThatSubmittedItWhileItsNeighbourPasses() {
            Events tests = run(SharedExecutorTestCases.class, PARALLEL).testEvents();

            assertThat(failures(tests)).as("failed tests").containsOnlyKeys("leaksAConnectionInATask()");
            tests.assertStatistics(stats -> stats.started(2).succeeded(1).failed(1));
            assertThat(normalized(failureMessage(tests, "leaksAConnectionInATask")))
                    .startsWith("""

                            Expecting socket activity to leak no connection, but 1 connection was leaked:
                              127.0.0.1:<port> -> 127.0.0.1:<port>  client  CLOSE_WAIT  age <age>  1 exchange  closed \
                            by the peer only  opened at io.socketwatch.junit.SocketWatchExtensionTests\
                            $SharedExecutorTestCases.lambda$leaksAConnectionInATask$""")
                    .contains(withLines("(SocketWatchExtensionTests.java:{line:shared-executor})"))
                    .doesNotContain("closesItsConnectionInATask");
        }
    }

    @Nested
    @DisplayName("a shared Netty event loop under parallel execution")
    class SharedEventLoop {

        @Test
        void aChannelLeftInCloseWaitFailsOnlyTheTestThatConnectedItAtItsLine() {
            Events tests = run(SharedEventLoopTestCases.class, PARALLEL).testEvents();

            assertThat(failures(tests)).as("failed tests").containsOnlyKeys("leavesItsChannelOpen()");
            tests.assertStatistics(stats -> stats.started(2).succeeded(1).failed(1));
            assertThat(normalized(failureMessage(tests, "leavesItsChannelOpen"))).startsWith(withLines("""

                    Expecting socket activity to leak no connection, but 1 connection was leaked:
                      127.0.0.1:<port> -> 127.0.0.1:<port>  client  CLOSE_WAIT  age <age>  0 exchanges  closed by the \
                    peer only  opened at io.socketwatch.junit.SocketWatchExtensionTests$SharedEventLoopTestCases\
                    .connect(SocketWatchExtensionTests.java:{line:shared-loop})
                    """)).doesNotContain("closesItsChannel");
        }
    }

    /** The failure, normalized, of a test that left one untracked client socket in CLOSE_WAIT (JNA's or Netty's). */
    static final String UNTRACKED_CLIENT_IN_CLOSE_WAIT = """

            Expecting socket activity to leak no connection, but 1 connection was leaked:
              127.0.0.1:<port> -> 127.0.0.1:<port>  client  CLOSE_WAIT  closed by the peer only  opened by code \
            socketwatch does not instrument (a native transport such as Netty's epoll or io_uring)
                  the peer closed it and this JVM never did (CLOSE_WAIT): close the channel when the peer closes it, \
            and check the native transport's idle handling (with Netty, ALLOW_HALF_CLOSURE leaves the close to your \
            handler, and an IdleStateHandler can close idle channels)
            Fix: close every socket, response body and JDBC connection you open, in a try-with-resources; the JDK \
            closes a dropped socket only when the garbage collector finds it.
            """;

    /** Runs test classes and methods concurrently, as a parallel build does. */
    private static final Map<String, String> PARALLEL = Map.of(
            "junit.jupiter.execution.parallel.enabled", "true",
            "junit.jupiter.execution.parallel.mode.default", "concurrent",
            "junit.jupiter.execution.parallel.mode.classes.default", "concurrent",
            "junit.jupiter.execution.parallel.config.strategy", "fixed",
            "junit.jupiter.execution.parallel.config.fixed.parallelism", "4");

    static EngineExecutionResults run(Class<?> fixture) {
        return run(fixture, Map.of());
    }

    static EngineExecutionResults run(Class<?> fixture, Map<String, String> parameters) {
        return EngineTestKit.engine("junit-jupiter")
                .selectors(selectClass(fixture))
                .configurationParameters(parameters)
                .execute();
    }

    /** Returns each failed test's display name with its failure, to show what a false alarm said. */
    static Map<String, String> failures(Events tests) {
        Map<String, String> failures = new java.util.TreeMap<>();
        tests.failed().stream().forEach(event -> failures.merge(event.getTestDescriptor().getDisplayName(),
                String.valueOf(event.getRequiredPayload(TestExecutionResult.class).getThrowable().orElse(null)),
                (first, second) -> first + "\n" + second));
        return failures;
    }

    /** Returns the failure of the test method named {@code method} (exactly, whatever its parameters). */
    static Throwable failure(Events tests, String method) {
        return tests.failed().stream()
                .filter(event -> event.getTestDescriptor().getDisplayName().startsWith(method + "("))
                .map(event -> event.getRequiredPayload(TestExecutionResult.class).getThrowable().orElseThrow())
                .findFirst()
                .orElseThrow(() -> new AssertionError("no failed test " + method));
    }

    static String failureMessage(Events tests, String method) {
        return failure(tests, method).getMessage();
    }

    /** Replaces what changes from run to run, ports and ages, so messages can be compared whole. */
    static String normalized(String message) {
        return message.replaceAll("(\\d{1,3}(?:\\.\\d{1,3}){3}):\\d+", "$1:<port>")
                .replaceAll("age (?:<1|\\d+(?:\\.\\d+)?) (?:ms|s)", "age <age>");
    }

    /** Replaces each {@code {line:marker}} in {@code expected} with the {@link #line line} so marked. */
    static String withLines(String expected) {
        return java.util.regex.Pattern.compile("\\{line:([a-z-]+)}").matcher(expected)
                .replaceAll(match -> Integer.toString(line(match.group(1))));
    }

    /** Returns the line of this file marked {@code // line: marker}, where a fixture opens its connection. */
    static int line(String marker) {
        try {
            List<String> lines = Files.readAllLines(Path.of("src/test/java/io/socketwatch/junit/SocketWatchExtensionTests.java"));
            for (int i = 0; i < lines.size(); i++) {
                if (lines.get(i).endsWith("// line: " + marker)) {
                    return i + 1;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        throw new IllegalArgumentException("no line marked " + marker);
    }

    /** Sends one request on {@code socket} and reads the reply. */
    static void request(Socket socket) throws IOException {
        EchoServer.roundTrip(socket, "GET");
    }

    // ---- fixtures: run through the EngineTestKit above, never by Surefire directly ----

    @SocketWatch
    static class ChurnTestCases {

        @Test
        void aConnectionPerRequest() throws IOException {
            for (int request = 0; request < 3; request++) {
                try (Socket socket = new Socket("127.0.0.1", server.port())) { // line: churn
                    request(socket);
                }
            }
        }

        @Test
        void oneConnectionForEveryRequest() throws IOException {
            try (Socket socket = new Socket("127.0.0.1", server.port())) {
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
            try (Socket first = new Socket("127.0.0.1", server.port());
                 Socket second = new Socket("127.0.0.1", server.port())) {
                request(first);
                request(second);
            }
        }

        @Test
        void oneConnectionClosedAtTheEnd() throws IOException {
            try (Socket socket = new Socket("127.0.0.1", server.port())) {
                request(socket);
            }
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

    /** Native sockets, as Netty's epoll transport makes them: socketwatch's agent never sees them. */
    @SocketWatch(settleTimeout = "300ms")
    static class UntrackedCloseWaitTestCases {

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

    static final List<NativeSocket> NATIVE_LEFTOVERS = new java.util.concurrent.CopyOnWriteArrayList<>();

    /** Polls the OS table, for at most 5 s, until {@code socket} is in CLOSE_WAIT. */
    static void awaitCloseWait(NativeSocket socket) throws InterruptedException {
        FourTuple tuple = new FourTuple(socket.local(), socket.remote());
        ProcNetTcpReader procfs = new ProcNetTcpReader();
        assertThat(Poll.until(() -> procfs.lookup(tuple), row -> row.map(SocketEntry::state).orElse(null)
                == TcpState.CLOSE_WAIT)).isPresent();
    }

    @SocketWatch
    static class DroppedSocketTestCases {

        @Test
        void dropsASocket() throws IOException {
            Socket dropped = new Socket("127.0.0.1", server.port()); // line: dropped
            request(dropped);
            dropped = null; // never closed: only the garbage collector can close it now
        }

        @Test
        void closesItsSocket() throws IOException {
            try (Socket socket = new Socket("127.0.0.1", server.port())) {
                request(socket);
            }
        }
    }

    @SocketWatch
    static class BeforeAllTestCases {

        static Socket shared;

        @BeforeAll
        static void openSharedConnection() throws IOException {
            shared = new Socket("127.0.0.1", server.port());
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

    @SocketWatch
    static class ReuseTestCases {

        @Test
        void aConnectionPerRequestIsNoReuse(SocketWatcher watcher) throws IOException {
            for (int request = 0; request < 2; request++) {
                try (Socket socket = new Socket("127.0.0.1", server.port())) { // line: no-reuse
                    request(socket);
                }
            }
            watcher.assertConnectionReused("127.0.0.1", server.port());
        }

        @Test
        void oneConnectionIsReuse(SocketWatcher watcher) throws IOException {
            try (Socket socket = new Socket("127.0.0.1", server.port())) {
                request(socket);
                request(socket);
                watcher.assertConnectionReused("localhost", server.port());
            }
        }
    }

    @SocketWatch
    static class NestedRunTestCases {

        /** Runs watched tests through the test kit on this test's thread, then opens one connection of its own. */
        @Test
        void runsWatchedTestsThenConnects(SocketWatcher watcher) throws IOException {
            run(ReuseTestCases.class).testEvents().assertStatistics(stats -> stats.started(2).succeeded(1).failed(1));
            try (Socket socket = new Socket("127.0.0.1", server.port())) {
                request(socket);
            }
            assertThat(watcher.activity().connections())
                    .filteredOn(connection -> connection.side() == io.socketwatch.model.TcpConnection.Side.CLIENT)
                    .singleElement()
                    .satisfies(connection -> assertThat(connection.origin())
                            .isEqualTo(io.socketwatch.model.TcpConnection.Origin.WINDOW));
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

    @SocketWatch(untrackedCloseWait = "yes")
    static class InvalidUntrackedAttributeTestCases {

        @Test
        void anyTest() {
        }
    }

    @SocketWatch(settleTimeout = "500")
    static class InvalidAttributeTestCases {

        @Test
        void aSettleTimeoutWithoutUnit() {
        }
    }

    static class NegativeAllowedTimeWaitTestCases {

        @RepeatedTest(2)
        @SocketWatch(allowedTimeWait = -5)
        void anyTest() {
        }
    }

    @SocketWatch
    static class RepeatedTestCases {

        @RepeatedTest(2)
        void watchedChurn() throws IOException {
            new UnannotatedTestCases().aConnectionPerRequest();
        }

        @RepeatedTest(2)
        @NoSocketWatch
        void unwatchedChurn() throws IOException {
            new UnannotatedTestCases().aConnectionPerRequest();
        }
    }

    @SocketWatch
    static class OwnFailureTestCases {

        @Test
        void failsAfterChurning() throws IOException {
            for (int request = 0; request < 2; request++) {
                try (Socket socket = new Socket("127.0.0.1", server.port())) {
                    request(socket);
                }
            }
            throw new AssertionError("the test's own failure");
        }
    }

    @SocketWatch(settleTimeout = "300ms")
    static class TwoProblemsTestCases {

        @Test
        void churnsAndKeepsAConnectionThePeerClosed() throws IOException {
            for (int request = 0; request < 2; request++) {
                try (Socket socket = new Socket("127.0.0.1", server.port())) {
                    request(socket);
                }
            }
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

    static class UnannotatedTestCases {

        @Test
        void aConnectionPerRequest() throws IOException {
            for (int request = 0; request < 2; request++) {
                try (Socket socket = new Socket("127.0.0.1", server.port())) {
                    request(socket);
                }
            }
        }

        @Test
        @NoSocketWatch
        void optedOut() throws IOException {
            aConnectionPerRequest();
        }

        @Test
        void noConnection() {
        }
    }

    @NoSocketWatch
    static class OptedOutTestCases {

        @Test
        void aConnectionPerRequest() throws IOException {
            new UnannotatedTestCases().aConnectionPerRequest();
        }
    }

    @SocketWatch
    static class CleanTestCases {

        @RepeatedTest(100)
        void oneConnectionForEveryRequest() throws IOException {
            try (Socket socket = new Socket("127.0.0.1", server.port())) {
                request(socket);
                request(socket);
            }
        }

        @RepeatedTest(100)
        void theServerClosesAndTheClientFollows() throws IOException {
            PeerThatCloses peer = new PeerThatCloses();
            try (Socket socket = new Socket("127.0.0.1", peer.port())) {
                peer.closeItsEnd(socket);
                assertThat(socket.getInputStream().read()).isEqualTo(-1);
            }
        }
    }

    /**
     * Two tests that run at once, each handing a task to one executor whose threads both started before them: the
     * leaky one's task leaves a connection in CLOSE_WAIT, the other's closes what it opens. Run in parallel only:
     * each waits for the other.
     */
    @SocketWatch(settleTimeout = "300ms")
    static class SharedExecutorTestCases {

        static ExecutorService shared;
        static CyclicBarrier bothRunning;
        static CyclicBarrier bothTasksDone;

        @BeforeAll
        static void startTheSharedExecutor() {
            ThreadPoolExecutor pool = (ThreadPoolExecutor) Executors.newFixedThreadPool(2);
            pool.prestartAllCoreThreads();
            shared = pool;
            bothRunning = new CyclicBarrier(2);
            bothTasksDone = new CyclicBarrier(2);
        }

        @Test
        void leaksAConnectionInATask() throws Exception {
            inTaskWhileTheOtherTestRuns(() -> {
                PeerThatCloses peer = new PeerThatCloses();
                Socket kept = new Socket("127.0.0.1", peer.port()); // line: shared-executor
                peer.closeItsEnd(kept);
                Leftovers.keep(kept);
                return null;
            });
        }

        @Test
        void closesItsConnectionInATask() throws Exception {
            inTaskWhileTheOtherTestRuns(() -> {
                try (Socket socket = new Socket("127.0.0.1", server.port())) {
                    request(socket);
                }
                return null;
            });
        }

        private static void inTaskWhileTheOtherTestRuns(Callable<Void> task) throws Exception {
            bothRunning.await(10, TimeUnit.SECONDS);
            shared.submit(task).get(10, TimeUnit.SECONDS);
            bothTasksDone.await(10, TimeUnit.SECONDS);
        }

        @AfterAll
        static void stopTheSharedExecutor() throws IOException {
            shared.shutdownNow();
            Leftovers.closeAll();
        }
    }

    /**
     * Two tests that run at once, each connecting a Netty (NIO) channel through one event loop that started before
     * them, as a library's shared event loop group has: the event loop connects both. The server closes its end of
     * each; the leaky test leaves its channel open (half-closure allowed, so Netty does not close it either), the
     * other closes it. Run in parallel only: each waits for the other.
     */
    @SocketWatch(settleTimeout = "300ms")
    static class SharedEventLoopTestCases {

        static EventLoopGroup shared;
        static CyclicBarrier bothRunning;
        static final List<Channel> LEFT_OPEN = new java.util.concurrent.CopyOnWriteArrayList<>();

        @BeforeAll
        static void startTheSharedEventLoop() throws Exception {
            shared = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
            shared.submit(() -> { }).get(10, TimeUnit.SECONDS); // its thread starts now, in no test
            bothRunning = new CyclicBarrier(2);
        }

        @Test
        void leavesItsChannelOpen() throws Exception {
            LEFT_OPEN.add(connectWhileTheOtherTestRuns());
        }

        @Test
        void closesItsChannel() throws Exception {
            connectWhileTheOtherTestRuns().close().sync();
        }

        /** Connects a channel, lets the server close its end, and waits until the channel has read the end. */
        private static Channel connectWhileTheOtherTestRuns() throws Exception {
            bothRunning.await(10, TimeUnit.SECONDS);
            try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                CountDownLatch endRead = new CountDownLatch(1);
                Channel channel = connect(server, endRead);
                server.accept().close();
                assertThat(endRead.await(10, TimeUnit.SECONDS)).isTrue();
                return channel;
            }
        }

        private static Channel connect(ServerSocket server, CountDownLatch endRead) throws InterruptedException {
            return new Bootstrap().group(shared).channel(NioSocketChannel.class)
                    .option(ChannelOption.ALLOW_HALF_CLOSURE, true)
                    .handler(new ChannelInboundHandlerAdapter() {
                        @Override
                        public void userEventTriggered(ChannelHandlerContext context, Object event) {
                            if (event instanceof ChannelInputShutdownEvent) {
                                endRead.countDown();
                            }
                        }
                    })
                    .connect(server.getLocalSocketAddress()).sync().channel(); // line: shared-loop
        }

        @AfterAll
        static void stopTheSharedEventLoop() throws InterruptedException {
            LEFT_OPEN.forEach(Channel::close);
            shared.shutdownGracefully(0, 10, TimeUnit.SECONDS).await(10, TimeUnit.SECONDS);
        }
    }

    /** A one-connection server that accepts and closes its end, leaving the client to notice. */
    static final class PeerThatCloses {

        private final ServerSocket listener;

        PeerThatCloses() throws IOException {
            listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        }

        int port() {
            return listener.getLocalPort();
        }

        /** Accepts {@code client}'s connection, answers one request on it, and closes the server's end. */
        void closeItsEnd(Socket client) throws IOException {
            try (listener; Socket accepted = listener.accept()) {
                client.getOutputStream().write('?');
                assertThat(accepted.getInputStream().read()).isEqualTo('?');
                accepted.getOutputStream().write('!');
                assertThat(client.getInputStream().read()).isEqualTo('!');
            }
        }
    }

    /** Sockets a fixture leaks on purpose, closed after its verdict so the test JVM does not keep them. */
    static final class Leftovers {

        private static final List<Socket> SOCKETS = new java.util.concurrent.CopyOnWriteArrayList<>();

        static void keep(Socket socket) {
            SOCKETS.add(socket);
        }

        static void closeAll() throws IOException {
            for (Socket socket : SOCKETS) {
                socket.close();
            }
            SOCKETS.clear();
        }
    }
}
