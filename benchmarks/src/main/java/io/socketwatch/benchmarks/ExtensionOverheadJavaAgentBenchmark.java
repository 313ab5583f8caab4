package io.socketwatch.benchmarks;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.util.concurrent.TimeUnit;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@link ExtensionOverheadBenchmark}'s watched suite in JVMs started with socketwatch as {@code -javaagent}, which
 * installs it before {@code main}, rather than at the suite's first test class. The agent is this benchmark jar, named
 * by a path relative to the repository's root: run it from there, with {@code ExtensionOverhead} as the pattern, so
 * that its figures share a run with the suite without socketwatch.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 10, time = 2)
@Fork(value = 3, jvmArgsAppend = {"-javaagent:benchmarks/target/benchmarks.jar", "-Xms2g", "-Xmx2g"})
@State(Scope.Benchmark)
public class ExtensionOverheadJavaAgentBenchmark {

    private Launcher launcher;
    private LauncherDiscoveryRequest request;

    @Setup
    public void discover() {
        launcher = LauncherFactory.create();
        request = LauncherDiscoveryRequestBuilder.request()
                .selectors(selectClass(ExtensionOverheadBenchmark.WatchedSuite.class)).build();
    }

    @Benchmark
    public long thousandEmptyTests() {
        return ExtensionOverheadBenchmark.runPassing(launcher, request);
    }
}
