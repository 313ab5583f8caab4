package io.socketwatch.benchmarks;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * {@link ExtensionOverheadBenchmark}'s three suites run in turn in one JVM, round after round, so that the three
 * medians share the JIT's choices and the machine's moments that separate JMH forks do not; the agent, loaded by the
 * first {@code socketwatch} round, is then in place for all three. The first third of the rounds is warm-up. Not a
 * JMH benchmark: a cross-check of its ratios. Run:
 * {@code java -Xms2g -Xmx2g -XX:+EnableDynamicAgentLoading -cp benchmarks/target/benchmarks.jar
 * io.socketwatch.benchmarks.SuitesInOneJvm [rounds]}
 */
public final class SuitesInOneJvm {

    private static final List<String> SUITES = List.of("plain", "control", "socketwatch");

    private SuitesInOneJvm() {
    }

    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 900;
        List<ExtensionOverheadBenchmark> suites = new ArrayList<>();
        List<List<Long>> nanos = new ArrayList<>();
        for (String name : SUITES) {
            ExtensionOverheadBenchmark suite = new ExtensionOverheadBenchmark();
            suite.suite = name;
            suite.discover();
            suites.add(suite);
            nanos.add(new ArrayList<>());
        }
        for (int round = 0; round < rounds; round++) {
            for (int i = 0; i < suites.size(); i++) {
                long start = System.nanoTime();
                suites.get(i).thousandEmptyTests();
                long took = System.nanoTime() - start;
                if (round >= rounds / 3) {
                    nanos.get(i).add(took);
                }
            }
        }
        double plain = median(nanos.get(0));
        for (int i = 0; i < SUITES.size(); i++) {
            double median = median(nanos.get(i));
            System.out.printf("%-12s median %6.2f ms per 1,000 tests  %.3fx%n", SUITES.get(i), median / 1e6,
                    median / plain);
        }
    }

    private static double median(List<Long> values) {
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }
}
