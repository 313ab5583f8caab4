package io.socketwatch.benchmarks.suite;

/**
 * The tags of the realistic suite. {@link io.socketwatch.benchmarks.RealisticSuite} leaves the tests tagged
 * {@value #SOCKETWATCH_FALSE_ALARM} out of both modes, so that plain and watched runs measure the same tests; run them
 * with {@code java -XX:+EnableDynamicAgentLoading -cp benchmarks/target/benchmarks.jar
 * io.socketwatch.benchmarks.RealisticSuite watched --with-false-alarms}.
 */
public final class RealisticSuiteTags {

    /**
     * A correct test that fails in whole-build mode, now and then or always, by socketwatch's verdict or by what its
     * checks do to the JVM: its Javadoc quotes how.
     */
    public static final String SOCKETWATCH_FALSE_ALARM = "socketwatch-false-alarm";

    private RealisticSuiteTags() {
    }
}
