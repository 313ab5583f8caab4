package io.socketwatch.junit;

import io.socketwatch.SocketWatchReport;
import io.socketwatch.report.KnownFailure;
import io.socketwatch.report.WatchedTest;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;

/**
 * Writes the build report at the end of each test plan's execution, and prints its summary: registered with the JUnit
 * Platform launcher through {@code META-INF/services}, public only for that. Does nothing when no test was watched,
 * when {@value SocketWatch#REPORT_ENABLED_PROPERTY} is {@code false}, or when a report parameter is invalid (the
 * watched tests then fail with an {@code ExtensionConfigurationException} naming it).
 *
 * <p>The report is written on the thread that ends the execution, after every test. A directory that cannot be
 * written costs one warning line on standard error and never fails a test. When {@value #STEP_SUMMARY} names a file
 * (GitHub Actions), the summary is also appended to it as Markdown.
 */
public final class SocketWatchReportListener implements TestExecutionListener {

    /** The environment variable naming the file GitHub Actions shows as the job's summary page: {@value}. */
    static final String STEP_SUMMARY = "GITHUB_STEP_SUMMARY";

    private static final AtomicInteger RUNS = new AtomicInteger();

    private final PrintStream out;
    private final PrintStream err;
    private final Function<String, String> environment;
    private volatile ReportCollector collector;
    private volatile Path dir;
    private volatile Baseline baseline = Baseline.NONE;

    /** Creates the listener the launcher registers; it prints to standard output and error. */
    public SocketWatchReportListener() {
        this(System.out, System.err, System::getenv);
    }

    /**
     * Creates a listener that prints its summary to {@code out} and its warnings to {@code err}, and reads
     * {@value #STEP_SUMMARY} from {@code environment}: a seam for tests.
     */
    SocketWatchReportListener(PrintStream out, PrintStream err, Function<String, String> environment) {
        this.out = out;
        this.err = err;
        this.environment = environment;
    }

    @Override
    public void testPlanExecutionStarted(TestPlan testPlan) {
        ReportSettings settings;
        try {
            settings = ReportSettings.fromParameters(testPlan.getConfigurationParameters()::get);
            baseline = Baseline.fromParameters(testPlan.getConfigurationParameters()::get);
        } catch (ExtensionConfigurationException invalid) {
            return; // the watched tests fail with it
        }
        if (settings.enabled()) {
            dir = settings.dir();
            collector = ReportCollector.start();
        }
    }

    @Override
    public void executionStarted(TestIdentifier test) {
        ReportCollector current = collector;
        if (current != null && test.isTest()) {
            current.testStarted(test.getUniqueId());
        }
    }

    @Override
    public void executionFinished(TestIdentifier test, TestExecutionResult result) {
        ReportCollector current = collector;
        if (current != null && test.isTest()) {
            current.testFinished(test.getUniqueId(), switch (result.getStatus()) {
                case SUCCESSFUL -> WatchedTest.Outcome.SUCCESSFUL;
                case ABORTED -> WatchedTest.Outcome.ABORTED;
                case FAILED -> WatchedTest.Outcome.FAILED;
            });
        }
    }

    @Override
    public void testPlanExecutionFinished(TestPlan testPlan) {
        ReportCollector current = collector;
        collector = null;
        if (current == null) {
            return;
        }
        List<WatchedTest> tests = current.stop();
        if (tests.isEmpty()) {
            return;
        }
        List<KnownFailure> fixed = baseline.fixed(tests);
        Path report = null;
        try {
            report = SocketWatchReport.write(dir, runId(), tests, fixed);
        } catch (IOException | RuntimeException e) {
            err.println("socketwatch: could not write the report to " + dir.toAbsolutePath() + ": " + e.getMessage());
        }
        SocketWatchReport.summary(tests, fixed, report).forEach(out::println);
        String stepSummary = environment.apply(STEP_SUMMARY);
        if (stepSummary != null && !stepSummary.isBlank()) {
            appendStepSummary(Path.of(stepSummary), SocketWatchReport.markdownSummary(tests, fixed, report));
        }
    }

    /** Appends the Markdown summary to the CI job's summary file; a failure costs one warning line. */
    private void appendStepSummary(Path file, String markdown) {
        try {
            Files.writeString(file, markdown, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException | RuntimeException e) {
            err.println("socketwatch: could not append the summary to " + STEP_SUMMARY + " (" + file + "): " + e);
        }
    }

    /** A run id unique to this execution: the time, the process and a counter. */
    private static String runId() {
        return System.currentTimeMillis() + "-" + ProcessHandle.current().pid() + "-" + RUNS.incrementAndGet();
    }
}
