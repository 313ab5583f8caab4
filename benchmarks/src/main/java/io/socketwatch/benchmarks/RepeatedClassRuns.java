package io.socketwatch.benchmarks;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/**
 * Runs one test class several times in this JVM through the JUnit Platform Launcher and prints a line per run, whether
 * every test of it passed, with the failures of a run that did not: what {@code benchmarks/stress-verdicts.sh} uses to
 * run the examples' verdict tests ({@code io.socketwatch.examples.ExamplesTests}) many times without a JVM, let alone a
 * Maven build, per run. A run passes when it ran at least one test and every test it started succeeded.
 *
 * <p>Run with the test class's class path and {@code benchmarks/target/classes}, from the directory the tests expect:
 * {@code java -XX:+EnableDynamicAgentLoading --enable-native-access=ALL-UNNAMED -cp CLASSPATH
 * io.socketwatch.benchmarks.RepeatedClassRuns CLASS [runs, default 1]}. Each run prints
 * {@code class-run 1 passed ms=9120 tests=6 failed=0} (or {@code failed}); the exit status is 0 when every run passed.
 */
public final class RepeatedClassRuns {

    private RepeatedClassRuns() {
    }

    public static void main(String[] args) {
        if (args.length < 1 || args.length > 2) {
            System.err.println("usage: RepeatedClassRuns CLASS [runs]");
            System.exit(2);
        }
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 1;
        LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request().selectors(selectClass(args[0]))
                .build();
        Launcher launcher = LauncherFactory.create();
        int failedRuns = 0;
        for (int run = 1; run <= runs; run++) {
            SummaryGeneratingListener summary = new SummaryGeneratingListener();
            Failures failures = new Failures();
            long start = System.nanoTime();
            launcher.execute(request, summary, failures);
            long millis = (System.nanoTime() - start) / 1_000_000;
            TestExecutionSummary result = summary.getSummary();
            boolean passed = result.getTestsStartedCount() > 0
                    && result.getTestsSucceededCount() == result.getTestsStartedCount()
                    && result.getContainersFailedCount() == 0;
            if (!passed) {
                failedRuns++;
                failures.messages.forEach(System.out::println);
            }
            System.out.printf("class-run %d %s ms=%d tests=%d failed=%d%n", run, passed ? "passed" : "failed", millis,
                    result.getTestsStartedCount(), result.getTestsStartedCount() - result.getTestsSucceededCount());
        }
        System.exit(failedRuns == 0 ? 0 : 1);
    }

    /** A message per failed test or container: its name and the failure's stack trace. */
    private static final class Failures implements TestExecutionListener {

        final List<String> messages = new ArrayList<>();

        @Override
        public synchronized void executionFinished(TestIdentifier test, TestExecutionResult result) {
            if (result.getStatus() != TestExecutionResult.Status.SUCCESSFUL) {
                StringWriter trace = new StringWriter();
                result.getThrowable().ifPresent(failure -> failure.printStackTrace(new PrintWriter(trace)));
                messages.add(result.getStatus() + " " + test.getUniqueId() + "\n" + trace);
            }
        }
    }
}
