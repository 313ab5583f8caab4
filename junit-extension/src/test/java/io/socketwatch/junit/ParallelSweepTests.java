package io.socketwatch.junit;

import static io.socketwatch.junit.testkit.SocketWatchTestKit.PARALLEL;
import static io.socketwatch.junit.testkit.SocketWatchTestKit.assertStatistics;
import static io.socketwatch.junit.testkit.SocketWatchTestKit.normalized;
import static io.socketwatch.junit.testkit.SocketWatchTestKit.openedAt;
import static io.socketwatch.junit.testkit.SocketWatchTestKit.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import io.socketwatch.junit.testkit.LoopbackEnds;
import java.io.IOException;
import java.util.Map;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.Event;

/**
 * The looks at the end of each class and of the run while classes run at once: a class whose test leaves a connection
 * that breaks later fails, naming that test; the classes that run beside it, with connections of their own open and
 * closed at the same time, pass, and so does the run. The fixtures are {@link ClassSweepTests}' (their tests run in
 * order, one at a time), and one whose tests run at once.
 */
@EnabledOnOs(OS.LINUX)
class ParallelSweepTests {

    @RepeatedTest(3) // the classes interleave differently each time
    void onlyTheClassWhoseTestLeftAConnectionThatBrokeLaterFails() throws IOException {
        Class<?> leaking = ClassSweepTests.PeerClosesDuringALaterTestCases.class;
        try {
            EngineExecutionResults results = run(PARALLEL, selectClass(leaking),
                    selectClass(ClosesWhatItOpensCases.class),
                    selectClass(ClassSweepTests.ConnectionKeptForTheClassCases.class));

            assertStatistics(results.testEvents(), stats -> stats.started(8).succeeded(8).failed(0));
            assertThat(results.containerEvents().failed().stream().map(ParallelSweepTests::className))
                    .containsExactly(leaking.getName());
            Throwable failure = results.containerEvents().failed().stream().findFirst().orElseThrow()
                    .getRequiredPayload(TestExecutionResult.class).getThrowable().orElseThrow();
            assertThat(normalized(failure.getMessage())).contains("""
                      leavesAConnectionOpen(): 127.0.0.1:<port> -> 127.0.0.1:<port>  client  1 exchange  %s
                          entered CLOSE_WAIT after the test ended, during closesTheServersEnd(): the peer closed \
                    it and this JVM never did""".formatted(openedAt(leaking, "leavesAConnectionOpen", "left-open")));
        } finally {
            ClassSweepTests.PeerClosesDuringALaterTestCases.ends.closeAll();
            ClassSweepTests.ConnectionKeptForTheClassCases.ends.closeAll();
        }
    }

    private static String className(Event event) {
        return event.getTestDescriptor().getSource().filter(ClassSource.class::isInstance)
                .map(source -> ((ClassSource) source).getClassName()).orElse("not a class");
    }

    @SocketWatch
    static class ClosesWhatItOpensCases {

        @RepeatedTest(4)
        void opensAndClosesAConnection() throws IOException {
            LoopbackEnds ends = new LoopbackEnds();
            try {
                ends.listen();
                ends.connect();
                ClassSweepTests.exchange(ends.client, ends.serverEnd);
            } finally {
                ends.closeAll();
            }
        }
    }
}
