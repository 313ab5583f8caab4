package io.socketwatch.junit;

import static io.socketwatch.junit.testkit.SocketWatchTestKit.assertStatistics;
import static io.socketwatch.junit.testkit.SocketWatchTestKit.normalized;
import static io.socketwatch.junit.testkit.SocketWatchTestKit.openedAt;
import static io.socketwatch.junit.testkit.SocketWatchTestKit.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import io.socketwatch.junit.testkit.LoopbackEnds;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.ClassOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.testkit.engine.EngineExecutionResults;

/**
 * The look at the end of the run at what tests left open and their classes' looks did not report: a connection that
 * broke after its class ended fails the run (JUnit Jupiter's engine container), naming the test that opened it; the
 * classes, and the later test during which it broke, pass.
 */
@EnabledOnOs(OS.LINUX)
class RunSweepTests {

    private static final String FIX = "Fix: close what a test opens (a client, a pool, a response) before the test "
            + "ends; for a pool the tests share, close it when they are done, or let it evict idle connections before "
            + "the server's idle timeout closes them.\n";

    /** Shared by the fixture classes of one run: the first opens it, the second breaks it or uses it again. */
    static final LoopbackEnds ends = new LoopbackEnds();

    @Test
    void failsTheRunNamingTheTestWhoseConnectionEnteredCloseWaitAfterItsClassEnded() throws IOException {
        try {
            EngineExecutionResults results = runInOrder(ClosesItInALaterClassCases.class, Map.of());

            assertStatistics(results.testEvents(), stats -> stats.started(2).succeeded(2).failed(0));
            assertThat(classFailures(results)).as("the classes").isZero();
            assertThat(runFailure(results)).isExactlyInstanceOf(AssertionError.class)
                    .extracting(failure -> normalized(failure.getMessage())).isEqualTo("""

                    Expecting the connections that watched tests left open to be closed, or still in use, at the end \
                    of the run, but 1 was not:
                      %s.leavesAConnectionOpen(): 127.0.0.1:<port> -> 127.0.0.1:<port>  client  1 exchange  %s
                          entered CLOSE_WAIT after the test ended: the peer closed it and this JVM never did, so its \
                    socket stays open until the JVM exits
                    """.formatted(LeavesItOpenCases.class.getName(),
                    openedAt(LeavesItOpenCases.class, "leavesAConnectionOpen", "run-left-open")) + FIX);
        } finally {
            ends.closeAll();
        }
    }

    @Test
    void passesARunWhoseTestsKeepTheConnectionInUseToTheEnd() throws IOException {
        try {
            EngineExecutionResults results = runInOrder(UsesItInALaterClassCases.class, Map.of());

            assertStatistics(results.allEvents(), stats -> stats.failed(0));
            assertStatistics(results.testEvents(), stats -> stats.succeeded(2));
        } finally {
            ends.closeAll();
        }
    }

    @Test
    void onlyReportsWhenConfiguredTo() throws IOException {
        try {
            EngineExecutionResults results = runInOrder(ClosesItInALaterClassCases.class,
                    Map.of(SocketWatch.SWEEP_RUN_PROPERTY, "report"));

            assertStatistics(results.allEvents(), stats -> stats.failed(0));
        } finally {
            ends.closeAll();
        }
    }

    @Test
    void looksAtNothingWhenOff() throws IOException {
        try {
            EngineExecutionResults results = runInOrder(ClosesItInALaterClassCases.class,
                    Map.of(SocketWatch.SWEEP_RUN_PROPERTY, "off"));

            assertStatistics(results.allEvents(), stats -> stats.failed(0));
        } finally {
            ends.closeAll();
        }
    }

    @Test
    void looksAtTheEndOfTheRunAlsoWhenClassesDoNot() throws IOException {
        try {
            EngineExecutionResults results = runInOrder(ClosesItInALaterClassCases.class,
                    Map.of(SocketWatch.SWEEP_CLASS_PROPERTY, "off"));

            assertThat(classFailures(results)).as("the classes").isZero();
            assertThat(normalized(runFailure(results).getMessage())).contains(LeavesItOpenCases.class.getName()
                    + ".leavesAConnectionOpen(): 127.0.0.1:<port> -> 127.0.0.1:<port>  client  1 exchange");
        } finally {
            ends.closeAll();
        }
    }

    @Test
    void rejectsAnInvalidMode() {
        EngineExecutionResults results = run(LeavesItOpenCases.class, Map.of(SocketWatch.SWEEP_RUN_PROPERTY, "later"));

        assertThat(results.containerEvents().failed().stream()
                .map(event -> event.getRequiredPayload(TestExecutionResult.class).getThrowable().orElseThrow())
                .findFirst()).get(InstanceOfAssertFactories.THROWABLE)
                .isInstanceOf(ExtensionConfigurationException.class).hasMessage("socketwatch: invalid value 'later' "
                        + "for socketwatch.sweep.run.default: expected fail, report or off");
    }

    /** Runs the class that opens the shared connection, then {@code later}, in that order. */
    private static EngineExecutionResults runInOrder(Class<?> later, Map<String, String> parameters) {
        Map<String, String> all = new HashMap<>(parameters);
        all.put("junit.jupiter.testclass.order.default", ClassOrderer.OrderAnnotation.class.getName());
        return run(all, selectClass(LeavesItOpenCases.class), selectClass(later));
    }

    private static long classFailures(EngineExecutionResults results) {
        return results.containerEvents().failed().stream()
                .filter(event -> event.getTestDescriptor().getSource().filter(ClassSource.class::isInstance)
                        .isPresent())
                .count();
    }

    /** Returns the failure of the engine's container: the run's. */
    private static Throwable runFailure(EngineExecutionResults results) {
        Optional<Throwable> failure = results.containerEvents().failed().stream()
                .filter(event -> event.getTestDescriptor().getParent().isEmpty())
                .map(event -> event.getRequiredPayload(TestExecutionResult.class).getThrowable().orElseThrow())
                .findFirst();
        return failure.orElseThrow(() -> new AssertionError("the run did not fail"));
    }

    @SocketWatch
    @Order(1)
    static class LeavesItOpenCases {

        @BeforeAll
        static void listen() throws IOException {
            ends.listen();
        }

        @Test
        void leavesAConnectionOpen() throws IOException {
            ServerSocket listener = ends.listener;
            ends.client = new Socket(listener.getInetAddress(), listener.getLocalPort()); // line: run-left-open
            ends.serverEnd = listener.accept();
            exchange();
        }
    }

    @SocketWatch
    @Order(2)
    static class ClosesItInALaterClassCases {

        @Test
        void closesTheServersEnd() throws IOException {
            ends.serverEnd.close();
            assertThat(ends.client.getInputStream().read()).isEqualTo(-1); // the FIN arrived: now in CLOSE_WAIT
        }
    }

    @SocketWatch
    @Order(2)
    static class UsesItInALaterClassCases {

        @Test
        void usesItAgain() throws IOException {
            exchange();
        }
    }

    /** One request and its answer on the shared connection. */
    private static void exchange() throws IOException {
        ends.client.getOutputStream().write('?');
        assertThat(ends.serverEnd.getInputStream().read()).isEqualTo('?');
        ends.serverEnd.getOutputStream().write('!');
        assertThat(ends.client.getInputStream().read()).isEqualTo('!');
    }
}
