package io.socketwatch.benchmarks;

import java.lang.management.ManagementFactory;

/**
 * Bytes allocated per test by one of {@link ExtensionOverheadBenchmark}'s suites, counted exactly on the thread that
 * runs it (not sampled), after a warm-up long enough for the JIT's final code. Not a JMH benchmark: once the code is
 * compiled, allocation varies far less between JVMs than time does (by about 0.1 KB of 30 KB per test here). Run:
 * {@code java -Xms2g -Xmx2g -XX:+EnableDynamicAgentLoading -cp benchmarks/target/benchmarks.jar
 * io.socketwatch.benchmarks.SuiteAllocation plain|agent|control|socketwatch}
 */
public final class SuiteAllocation {

    private static final int WARM_UP_SUITES = 300;
    private static final int MEASURED_SUITES = 30;

    private SuiteAllocation() {
    }

    public static void main(String[] args) {
        ExtensionOverheadBenchmark suite = new ExtensionOverheadBenchmark();
        suite.suite = args[0];
        suite.discover();
        for (int i = 0; i < WARM_UP_SUITES; i++) {
            suite.thousandEmptyTests();
        }
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long before = threads.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < MEASURED_SUITES; i++) {
            suite.thousandEmptyTests();
        }
        long perTest = (threads.getCurrentThreadAllocatedBytes() - before) / (MEASURED_SUITES * 1000L);
        System.out.printf("%-12s %,d bytes allocated per test%n", args[0], perTest);
    }
}
