package io.socketwatch.benchmarks;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What an opening stack costs to take, as the tracker takes one per connect and accept: a {@code Throwable}'s
 * backtrace (what socketwatch uses; names and lines are resolved later, and only for reported connections) against
 * a {@code StackWalker} walk cut at 24 frames, at {@code depth} frames below JMH's own (a test run by JUnit is about
 * 80 deep at its connect).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class StackCaptureBenchmark {

    private static final StackWalker WALKER = StackWalker.getInstance();

    @Param({"20", "80"})
    public int depth;

    @Benchmark
    public Object throwable() {
        return at(depth, () -> new Throwable());
    }

    @Benchmark
    public Object stackWalkerCutAt24() {
        return at(depth, () -> WALKER.walk(frames -> frames.limit(24).toList()));
    }

    private interface Capture {
        Object take();
    }

    private static Object at(int depth, Capture capture) {
        return depth == 0 ? capture.take() : List.of(at(depth - 1, capture)).get(0);
    }
}
