package io.socketwatch.benchmarks;

import io.socketwatch.internal.tracker.Recordings;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Warmup;

/**
 * How long the first {@code @SocketWatch} test of a JVM waits for the agent: attach plus retransformation of the JDK's
 * socket classes and the client libraries' classes. Each fork is a fresh JVM measured once, so every sample is a
 * first install; run with many forks for a median.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 0)
@Measurement(iterations = 1)
@Fork(value = 10, jvmArgsAppend = "-XX:+EnableDynamicAgentLoading")
public class AgentInstallBenchmark {

    @Benchmark
    public boolean firstInstall() {
        Recordings.install();
        return Recordings.isInstrumented();
    }
}
