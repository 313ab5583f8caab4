package io.socketwatch.benchmarks;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import io.socketwatch.internal.tracker.Recordings;
import io.socketwatch.junit.SocketWatch;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.extension.AfterTestExecutionCallback;
import org.junit.jupiter.api.extension.BeforeTestExecutionCallback;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The cost of {@code @SocketWatch} on tests that open no connection: one invocation runs a suite of 1,000 empty tests
 * through the JUnit Platform Launcher, with and without the extension. Divide by 1,000 for the cost per test. The
 * {@code control} suite has an extension that does only what JUnit asks of every such extension here, a callback
 * before and after each test and a report entry per test: the part of the cost that is JUnit's own.
 *
 * <p>The heap is fixed at 2 GB: with the default heap a young collection lands in about one run in ten and adds
 * 10 ms to it, so that iterations' medians spread from 20 to 25 ms and a suite's median depends on its forks' luck.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 10, time = 2)
@Fork(value = 3, jvmArgsAppend = {"-XX:+EnableDynamicAgentLoading", "-Xms2g", "-Xmx2g"})
@State(Scope.Benchmark)
public class ExtensionOverheadBenchmark {

    /**
     * The suite run: {@code plain} without an extension, {@code agent} the same in a JVM where socketwatch's agent is
     * installed (its hooks' cost to JUnit's own work), {@code control} with a no-op one, {@code socketwatch};
     * {@code unswept}, socketwatch without the looks at the end of the class and of the run (what they cost is the
     * ratio of {@code socketwatch} to it); {@code reported}, socketwatch with the build report on, written once at the
     * end of each invocation (a run of 1,000 tests) into a directory of its own (the others run with the report off:
     * see {@code junit-platform.properties}).
     */
    @Param({"plain", "agent", "control", "socketwatch", "unswept", "reported"})
    public String suite;

    private Launcher launcher;
    private LauncherDiscoveryRequest request;
    /** The {@code reported} suite's report directory, emptied before each invocation; else {@code null}. */
    private Path reportDirectory;

    @Setup
    public void discover() {
        launcher = LauncherFactory.create();
        if (suite.equals("agent")) {
            Recordings.install();
        }
        Class<?> tests = switch (suite) {
            case "plain", "agent" -> PlainSuite.class;
            case "control" -> ControlSuite.class;
            case "socketwatch", "unswept", "reported" -> WatchedSuite.class;
            default -> throw new IllegalArgumentException("no such suite: " + suite);
        };
        LauncherDiscoveryRequestBuilder builder = LauncherDiscoveryRequestBuilder.request().selectors(selectClass(tests));
        if (suite.equals("unswept")) {
            builder.configurationParameter("socketwatch.sweep.class.default", "off")
                    .configurationParameter("socketwatch.sweep.run.default", "off");
        }
        if (suite.equals("reported")) {
            reportDirectory = temporaryDirectory();
            builder.configurationParameter("socketwatch.report.enabled", "true")
                    .configurationParameter("socketwatch.report.dir", reportDirectory.toString());
        }
        request = builder.build();
    }

    /**
     * Empties the report directory, so that each invocation writes one file and rebuilds the page from it alone, as a
     * test JVM does at the end of its run (not timed).
     */
    @Setup(Level.Invocation)
    public void emptyReportDirectory() throws IOException {
        if (reportDirectory != null) {
            try (Stream<Path> files = Files.list(reportDirectory)) {
                for (Path file : (Iterable<Path>) files::iterator) {
                    Files.delete(file);
                }
            }
        }
    }

    private static Path temporaryDirectory() {
        try {
            return Files.createTempDirectory("socketwatch-report-benchmark");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Benchmark
    public long thousandEmptyTests() {
        return runPassing(launcher, request);
    }

    /** Runs a suite of 1,000 tests and returns how many passed: all of them, or it throws. */
    static long runPassing(Launcher launcher, LauncherDiscoveryRequest request) {
        SummaryGeneratingListener summary = new SummaryGeneratingListener();
        launcher.execute(request, summary);
        if (summary.getSummary().getTestsSucceededCount() != 1000) {
            throw new IllegalStateException("the suite did not pass: " + summary.getSummary().getTestsFailedCount()
                    + " failed");
        }
        return summary.getSummary().getTestsSucceededCount();
    }

    /** 1,000 tests that open no connection. */
    public static class PlainSuite {

        @RepeatedTest(1000)
        void opensNothing() {
        }
    }

    /** The same tests under {@code @SocketWatch}. */
    @SocketWatch
    public static class WatchedSuite {

        @RepeatedTest(1000)
        void opensNothing() {
        }
    }

    /** The same tests with an extension that only publishes one report entry per test, as socketwatch does. */
    @ExtendWith(ReportingOnly.class)
    public static class ControlSuite {

        @RepeatedTest(1000)
        void opensNothing() {
        }
    }

    /** Callbacks around each test and a report entry, and nothing else. */
    public static class ReportingOnly implements BeforeTestExecutionCallback, AfterTestExecutionCallback {

        private static final Map<String, String> ENTRY = Map.of("control.connectionsOpened", "0");

        @Override
        public void beforeTestExecution(ExtensionContext context) {
        }

        @Override
        public void afterTestExecution(ExtensionContext context) {
            context.publishReportEntry(ENTRY);
        }
    }
}
