package io.socketwatch.junit;

import io.socketwatch.model.SocketActivity;
import io.socketwatch.report.WatchedTest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Collects the watched tests of one test plan's execution for the build report. The report listener starts one per
 * execution and tells it which tests run; the extension hands it each watched test's activity and verdicts, on the
 * test's thread, which costs a map look-up and an append; the listener adds each test's outcome when it finishes. The
 * looks at the end of each class and of the run hand it, later, what they found against a finished test
 * ({@link #offerLater}) and notes on the tests during which it broke ({@link #noteLater}).
 *
 * <p>Several executions may run at once in one JVM (a test that runs tests through its own launcher): a watched test
 * goes to the execution that announced it as running. Tests run where no listener announced them (JUnit's
 * {@code EngineTestKit}, which bypasses the launcher) go to none.
 */
final class ReportCollector {

    /** The collectors of the executions running in this JVM. */
    private static final List<ReportCollector> ACTIVE = new CopyOnWriteArrayList<>();

    /** The value of a running test whose data has not come (yet): not watched, or still running. */
    private static final Object RUNNING = new Object();

    /** Running tests by unique id: {@link #RUNNING}, or the {@link Watched} data of a watched one. */
    private final Map<String, Object> running = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<Finished> finished = new ConcurrentLinkedQueue<>();
    /** What the sweeps found later, by the unique id of the finished test that opened it. */
    private final Map<String, List<String>> later = new ConcurrentHashMap<>();
    /** Notes the sweeps added later, by the unique id of the finished test they are about. */
    private final Map<String, List<String>> laterNotes = new ConcurrentHashMap<>();

    /** A watched test that finished, with its unique id. */
    private record Finished(String uniqueId, WatchedTest test) {
    }

    /** What the extension knows of a watched test when its checks have run. */
    private record Watched(String className, String methodName, String displayName, SocketActivity activity,
                           List<String> failures, List<String> knownFailures) {
    }

    /** Starts collecting for a new execution. */
    static ReportCollector start() {
        ReportCollector collector = new ReportCollector();
        ACTIVE.add(collector);
        return collector;
    }

    /** Stops collecting and returns the watched tests, in the order they finished. */
    List<WatchedTest> stop() {
        ACTIVE.remove(this);
        List<WatchedTest> tests = new ArrayList<>(finished.size());
        for (Finished each : finished) {
            WatchedTest test = each.test();
            List<String> found = later.get(each.uniqueId());
            if (found != null) {
                test = test.withLaterFailures(found);
            }
            List<String> notes = laterNotes.get(each.uniqueId());
            if (notes != null) {
                test = test.withActivity(test.activity().withNotes(notes));
            }
            tests.add(test);
        }
        return tests;
    }

    private static List<String> messages(List<AssertionError> failures) {
        return failures.isEmpty() ? List.of()
                : failures.stream().map(failure -> String.valueOf(failure.getMessage())).toList();
    }

    /** Called by the listener when a test starts. */
    void testStarted(String uniqueId) {
        running.put(uniqueId, RUNNING);
    }

    /** Called by the listener when a test finishes: a watched one joins the report with its outcome. */
    void testFinished(String uniqueId, WatchedTest.Outcome outcome) {
        if (running.remove(uniqueId) instanceof Watched watched) {
            finished.add(new Finished(uniqueId, new WatchedTest(watched.className, watched.methodName,
                    watched.displayName, outcome, watched.activity, watched.failures, watched.knownFailures)));
        }
    }

    /**
     * Hands a watched test's activity and its failed checks, those that fail it and those the baseline knows, to the
     * execution running it, if a report collects for it.
     */
    static void offer(ExtensionContext test, SocketActivity activity, List<AssertionError> failures,
                      List<AssertionError> known) {
        if (ACTIVE.isEmpty()) {
            return; // no report collects: the extension costs nothing more
        }
        String uniqueId = test.getUniqueId();
        for (ReportCollector collector : ACTIVE) {
            if (collector.running.containsKey(uniqueId)) {
                collector.running.replace(uniqueId, RUNNING, new Watched(test.getRequiredTestClass().getName(),
                        test.getRequiredTestMethod().getName(), test.getDisplayName(), activity, messages(failures),
                        messages(known)));
                return;
            }
        }
    }

    /**
     * Hands the failure message of what a sweep found after the finished test {@code uniqueId} to the execution that
     * ran it, if a report collects for it. Looks through that execution's finished tests: sweeps rarely find anything.
     */
    static void offerLater(String uniqueId, String message) {
        addTo(uniqueId, message, collector -> collector.later);
    }

    /** Hands a note on the finished test {@code uniqueId}'s activity, found later by a sweep, to its execution. */
    static void noteLater(String uniqueId, String note) {
        addTo(uniqueId, note, collector -> collector.laterNotes);
    }

    private static void addTo(String uniqueId, String text, Function<ReportCollector, Map<String, List<String>>> map) {
        for (ReportCollector collector : ACTIVE) {
            for (Finished each : collector.finished) {
                if (each.uniqueId().equals(uniqueId)) {
                    map.apply(collector).computeIfAbsent(uniqueId, id -> new CopyOnWriteArrayList<>()).add(text);
                    return;
                }
            }
        }
    }
}
