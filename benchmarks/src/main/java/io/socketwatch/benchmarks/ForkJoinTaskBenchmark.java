package io.socketwatch.benchmarks;

import io.socketwatch.SocketWatcher;
import io.socketwatch.internal.tracker.Recordings;
import java.util.concurrent.RecursiveAction;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What following {@code ForkJoinTask}s costs each one: every task of the JVM passes three hooks (created, run started,
 * run ended). A task created and invoked on this thread, without socketwatch ({@code plain}), with the agent and no
 * window ({@code agent}), and inside a window ({@code window}: the task is remembered with the window until its run
 * leaves it done).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 2, jvmArgsAppend = "-XX:+EnableDynamicAgentLoading")
@State(Scope.Thread)
public class ForkJoinTaskBenchmark {

    @Param({"plain", "agent", "window"})
    public String jvm;

    private SocketWatcher watcher;

    @Setup
    public void start() {
        if (!jvm.equals("plain")) {
            Recordings.install();
        }
        if (jvm.equals("window")) {
            watcher = SocketWatcher.start();
        }
    }

    @TearDown
    public void stop() {
        if (watcher != null) {
            watcher.close();
        }
    }

    @Benchmark
    public Object createAndInvoke() {
        Counted task = new Counted();
        task.invoke();
        return task;
    }

    private static final class Counted extends RecursiveAction {

        int runs;

        @Override
        protected void compute() {
            runs++;
        }
    }
}
