package io.socketwatch.benchmarks;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectPackage;

import com.sun.management.GarbageCollectionNotificationInfo;
import io.socketwatch.benchmarks.suite.RealisticSuiteTags;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.discovery.ClassNameFilter;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TagFilter;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/**
 * Runs the realistic suite, the test classes of {@code io.socketwatch.benchmarks.suite}, once through the JUnit Platform
 * Launcher, plain or in socketwatch's whole-build mode, and prints one machine-readable line: the launcher run's wall
 * time, the tests run, succeeded and failed, and the garbage collections during the run (all of them, and those a
 * {@code System.gc()} asked for). It exits with status 1 when a test failed, after printing each failure.
 *
 * <p>Modes: {@code plain} runs the suite without socketwatch; {@code watched} sets
 * {@code junit.jupiter.extensions.autodetection.enabled=true}, with which socketwatch's extension, registered as a
 * service by socketwatch-junit, watches every test, as a build in whole-build mode does. socketwatch's agent is then
 * attached at run time by the first watched test, unless the JVM was given it as
 * {@code -javaagent:benchmarks/target/benchmarks.jar}. Both modes enable JUnit's parallel execution with classes and
 * methods in the same thread by default, so that only the classes annotated {@code @Execution(CONCURRENT)} run their
 * tests at once; {@code -Djunit.jupiter.execution.parallel.enabled=false} runs every test one at a time.
 *
 * <p>Options after the mode: {@code --with-false-alarms} also runs the tests tagged {@value #FALSE_ALARM_TAG},
 * correct tests that socketwatch fails (each quotes its failure in its Javadoc), left out of both modes by default;
 * {@code --by-class} prints to standard error a line per test class with its tests, wall time and {@code System.gc()}
 * collections; {@code --class=REGEX} runs only the classes whose simple names match. Other configuration parameters,
 * socketwatch's among them, come from system properties.
 *
 * <p>Run from the repository's root after {@code ./mvnw -B -q -pl benchmarks -am package -DskipTests}:
 * {@code java -Xms2g -Xmx2g -XX:+EnableDynamicAgentLoading --enable-native-access=ALL-UNNAMED
 * -cp benchmarks/target/benchmarks.jar io.socketwatch.benchmarks.RealisticSuite plain|watched}, or fresh JVMs in
 * interleaved rounds with {@code benchmarks/realistic-rounds.sh}. The line reads, e.g.:
 * {@code realistic-suite mode=watched javaagent=false wallMs=27194 tests=330 succeeded=330 failed=0 aborted=0
 * skipped=0 gcMs=8878 gcCount=323 systemGcMs=8877 systemGcCount=323}
 */
public final class RealisticSuite {

    /** The package of the suite's test classes. */
    static final String SUITE_PACKAGE = "io.socketwatch.benchmarks.suite";

    /** The tag of correct tests that socketwatch fails, left out of the measured set. */
    static final String FALSE_ALARM_TAG = RealisticSuiteTags.SOCKETWATCH_FALSE_ALARM;

    private RealisticSuite() {
    }

    public static void main(String[] args) {
        List<String> options = List.of(args).subList(Math.min(1, args.length), args.length);
        if (args.length < 1 || !(args[0].equals("plain") || args[0].equals("watched")) || !options.stream()
                .allMatch(option -> option.equals("--with-false-alarms") || option.equals("--by-class")
                        || option.startsWith("--class="))) {
            System.err.println("usage: RealisticSuite plain|watched [--with-false-alarms] [--by-class] "
                    + "[--class=SimpleNameRegex]");
            System.exit(2);
        }
        String mode = args[0];
        boolean withFalseAlarms = options.contains("--with-false-alarms");
        Optional<String> onlyClasses = options.stream().filter(option -> option.startsWith("--class="))
                .map(option -> option.substring("--class=".length())).findFirst();

        LauncherDiscoveryRequestBuilder builder = LauncherDiscoveryRequestBuilder.request()
                .selectors(selectPackage(SUITE_PACKAGE))
                .configurationParameters(Map.of(
                        "junit.jupiter.extensions.autodetection.enabled", Boolean.toString(mode.equals("watched")),
                        "junit.jupiter.execution.parallel.enabled",
                        System.getProperty("junit.jupiter.execution.parallel.enabled", "true"),
                        "junit.jupiter.execution.parallel.mode.default", "same_thread",
                        "junit.jupiter.execution.parallel.mode.classes.default", "same_thread"));
        if (!withFalseAlarms) {
            builder.filters(TagFilter.excludeTags(FALSE_ALARM_TAG));
        }
        onlyClasses.ifPresent(regex -> builder.filters(
                ClassNameFilter.includeClassNamePatterns(Pattern.quote(SUITE_PACKAGE + ".") + regex)));
        LauncherDiscoveryRequest request = builder.build();
        Launcher launcher = LauncherFactory.create();
        SummaryGeneratingListener summary = new SummaryGeneratingListener();
        GcCounter gc = new GcCounter();
        Failures failures = new Failures(gc);

        gc.start();
        long start = System.nanoTime();
        launcher.execute(request, summary, failures);
        long wallNanos = System.nanoTime() - start;
        gc.stop();

        TestExecutionSummary result = summary.getSummary();
        for (String failure : failures.messages) {
            System.err.println(failure);
        }
        if (options.contains("--by-class")) {
            failures.classes.forEach(System.err::println);
        }
        boolean javaagent = ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .anyMatch(arg -> arg.startsWith("-javaagent:"));
        System.out.printf("realistic-suite mode=%s javaagent=%s wallMs=%d tests=%d succeeded=%d failed=%d aborted=%d "
                        + "skipped=%d gcMs=%d gcCount=%d systemGcMs=%d systemGcCount=%d%n",
                mode, javaagent, wallNanos / 1_000_000, result.getTestsStartedCount(),
                result.getTestsSucceededCount(), result.getTestsFailedCount(), result.getTestsAbortedCount(),
                result.getTestsSkippedCount(), gc.millis, gc.count, gc.systemMillis.get(), gc.systemCount.get());
        System.exit(result.getTestsFailedCount() > 0 || result.getContainersFailedCount() > 0
                || result.getTestsStartedCount() == 0 ? 1 : 0);
    }

    /**
     * Collects a message per failed test or container (its name, and the failure's class and message) and, per test
     * class, a line with its tests, wall time and {@code System.gc()} collections; in parallel classes those of other
     * classes that ran at the same time are counted too.
     */
    private static final class Failures implements TestExecutionListener {

        final List<String> messages = new ArrayList<>();
        final List<String> classes = new ArrayList<>();
        private final GcCounter gc;
        private final Map<String, long[]> started = new HashMap<>(); // class name -> start nanos, System.gc count
        private final Map<String, Integer> tests = new HashMap<>();

        Failures(GcCounter gc) {
            this.gc = gc;
        }

        @Override
        public synchronized void executionStarted(TestIdentifier test) {
            className(test).filter(name -> test.isContainer()).ifPresent(name ->
                    started.put(name, new long[] {System.nanoTime(), gc.systemCount.get()}));
        }

        @Override
        public synchronized void executionFinished(TestIdentifier test, TestExecutionResult result) {
            if (result.getStatus() == TestExecutionResult.Status.FAILED) {
                Throwable failure = result.getThrowable().orElse(null);
                StringBuilder message = new StringBuilder("FAILED ").append(test.getUniqueId()).append('\n')
                        .append("  ").append(failure);
                if (failure != null) {
                    for (Throwable suppressed : failure.getSuppressed()) {
                        message.append("\n  suppressed: ").append(suppressed);
                    }
                    // where a failure that is not socketwatch's came from: a few frames
                    StackTraceElement[] frames = failure.getStackTrace();
                    for (int i = 0; i < Math.min(8, frames.length); i++) {
                        message.append("\n    at ").append(frames[i]);
                    }
                }
                messages.add(message.toString());
            }
            if (test.isTest()) {
                test.getSource().filter(MethodSource.class::isInstance)
                        .ifPresent(source -> tests.merge(((MethodSource) source).getClassName(), 1, Integer::sum));
            }
            className(test).filter(name -> test.isContainer() && started.containsKey(name)).ifPresent(name -> {
                long[] start = started.remove(name);
                classes.add(String.format("class %s tests=%d wallMs=%d systemGcCount=%d",
                        name.substring(name.lastIndexOf('.') + 1), tests.getOrDefault(name, 0),
                        (System.nanoTime() - start[0]) / 1_000_000, gc.systemCount.get() - start[1]));
            });
        }

        private static Optional<String> className(TestIdentifier test) {
            return test.getSource().filter(ClassSource.class::isInstance)
                    .map(source -> ((ClassSource) source).getClassName());
        }
    }

    /**
     * The collections between {@link #start()} and {@link #stop()}: their count and time from the collectors' beans,
     * and the count and duration of those caused by {@code System.gc()} from the collectors' notifications.
     */
    private static final class GcCounter {

        private final List<GarbageCollectorMXBean> collectors = ManagementFactory.getGarbageCollectorMXBeans();
        final AtomicLong systemCount = new AtomicLong();
        final AtomicLong systemMillis = new AtomicLong();
        private final AtomicLong notified = new AtomicLong();
        private volatile boolean counting;
        long count;
        long millis;

        private final NotificationListener listener = (notification, handback) -> {
            if (!counting
                    || !notification.getType().equals(GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION)) {
                return;
            }
            GarbageCollectionNotificationInfo info =
                    GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData());
            notified.incrementAndGet();
            if ("System.gc()".equals(info.getGcCause())) {
                systemCount.incrementAndGet();
                systemMillis.addAndGet(info.getGcInfo().getDuration());
            }
        };

        void start() {
            for (GarbageCollectorMXBean collector : collectors) {
                ((NotificationEmitter) collector).addNotificationListener(listener, null, null);
                count -= collector.getCollectionCount();
                millis -= collector.getCollectionTime();
            }
            counting = true;
        }

        /** Reads the beans, then waits (1 s at most) for the notifications of the collections they counted. */
        void stop() {
            for (GarbageCollectorMXBean collector : collectors) {
                count += collector.getCollectionCount();
                millis += collector.getCollectionTime();
            }
            long deadline = System.nanoTime() + 1_000_000_000L;
            while (notified.get() < count && System.nanoTime() < deadline) {
                try {
                    Thread.sleep(10);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            counting = false;
        }
    }
}
