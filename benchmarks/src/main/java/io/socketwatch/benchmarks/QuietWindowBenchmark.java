package io.socketwatch.benchmarks;

import io.socketwatch.SocketWatcher;
import io.socketwatch.internal.tracker.Recordings;
import io.socketwatch.model.SocketActivity;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
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
 * The part of a watched test's cost that is socketwatch's own, apart from JUnit: a recording window that sees no
 * connection, started and stopped, as {@code @SocketWatch} does around each test method.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 2, jvmArgsAppend = "-XX:+EnableDynamicAgentLoading")
@State(Scope.Thread)
public class QuietWindowBenchmark {

    private static final Duration SETTLE_TIMEOUT = Duration.ofSeconds(1);

    @Setup
    public void install() {
        Recordings.install();
    }

    @Benchmark
    public SocketActivity startAndStop() {
        return SocketWatcher.start(SETTLE_TIMEOUT).stop();
    }
}
