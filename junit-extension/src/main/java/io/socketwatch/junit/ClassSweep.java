package io.socketwatch.junit;

import io.socketwatch.LeftOpen;
import io.socketwatch.error.ShouldNotLeakAfterTheirTests;
import io.socketwatch.error.ShouldNotLeakAfterTheirTests.Leak;
import io.socketwatch.model.LaterFinding;
import io.socketwatch.model.TcpConnection;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.UnaryOperator;

/**
 * The look at the end of a test class at the connections its watched tests left open: those a peer closed since
 * while this JVM never did, and those dropped without close, are leaks of the test that opened them, found only now.
 * Not those whose server on this host shut down (no longer listens), as test servers do between tests: that is the
 * fixture's end, not the code under test's. Collects what the class's tests leave, from their threads, with when each
 * test ran, to name the test during which a peer in this JVM closed a connection; looks once, after the class's
 * {@code @AfterAll} methods. What that look does not report is left for the run's ({@link RunSweep}).
 */
final class ClassSweep {

    /**
     * What one test left open, with when it ran.
     *
     * @param test     the test as messages name it
     * @param uniqueId the test's unique id, as the build report knows it
     */
    private record Left(String test, String uniqueId, Instant started, Instant ended, LeftOpen connections) {
    }

    private final String testClass;
    private final ConcurrentLinkedQueue<Left> left = new ConcurrentLinkedQueue<>();
    /** When each watched test of the class ran, also those that left nothing open: peers close during them. */
    private final ConcurrentLinkedQueue<Left> ran = new ConcurrentLinkedQueue<>();
    /** What the class's look reported: not to be reported again by the run's. */
    private volatile List<LaterFinding> reported = List.of();

    ClassSweep(String testClass) {
        this.testClass = testClass;
    }

    /** The test class's binary name. */
    String testClass() {
        return testClass;
    }

    /** Remembers that the test {@code uniqueId} ran from {@code started} to {@code ended} and left these open. */
    void add(String test, String uniqueId, Instant started, Instant ended, LeftOpen connections) {
        Left entry = new Left(test, uniqueId, started, ended, connections);
        ran.add(entry);
        if (!connections.isEmpty()) {
            left.add(entry);
        }
    }

    /**
     * Looks at what the class's tests left open and returns what broke since, each with the test that opened it;
     * {@code notes} is told what limited the look.
     */
    List<SweptLeak> look(List<String> notes) {
        if (left.isEmpty()) {
            return List.of(); // most classes: their tests closed what they opened, or kept it in a pool
        }
        List<LaterFinding> found = LeftOpen.sweep(left.stream().map(Left::connections).toList(), notes);
        reported = found;
        return leaksAmong(found, UnaryOperator.identity());
    }

    /** Returns what the class's tests left open that its look did not report: all of it if it did not look. */
    List<LeftOpen> unreported() {
        List<LaterFinding> found = reported;
        return left.stream().map(entry -> entry.connections().without(found)).filter(each -> !each.isEmpty())
                .toList();
    }

    /**
     * Returns those of {@code found} that tests of this class left open, each with its test, named by {@code naming},
     * and the test of the class during which its peer closed it, if another one: the build report notes it in that
     * test's activity.
     */
    List<SweptLeak> leaksAmong(List<LaterFinding> found, UnaryOperator<String> naming) {
        List<SweptLeak> leaks = new ArrayList<>();
        for (LaterFinding finding : found) {
            Optional<Left> opener = openerOf(finding.connection().id());
            if (opener.isPresent()) {
                String test = naming.apply(opener.get().test());
                Optional<Left> during = finding.peerClosedAt().flatMap(this::duringTest)
                        .filter(entry -> entry != opener.get());
                during.ifPresent(entry -> ReportCollector.noteLater(entry.uniqueId(),
                                ShouldNotLeakAfterTheirTests.enteredCloseWaitDuringALaterTest(finding.connection(),
                                        test)));
                leaks.add(new SweptLeak(opener.get().uniqueId(),
                        new Leak(test, finding, during.map(entry -> naming.apply(entry.test())))));
            }
        }
        return leaks;
    }

    /** Returns what the test that left the connection {@code id} open left, if a test of this class did. */
    private Optional<Left> openerOf(long id) {
        for (Left entry : left) {
            for (TcpConnection connection : entry.connections().connections()) {
                if (connection.id() == id) {
                    return Optional.of(entry);
                }
            }
        }
        return Optional.empty();
    }

    /** Returns the test of the class that was running at {@code moment}, if one was. */
    private Optional<Left> duringTest(Instant moment) {
        for (Left entry : ran) {
            if (!moment.isBefore(entry.started()) && !moment.isAfter(entry.ended())) {
                return Optional.of(entry);
            }
        }
        return Optional.empty();
    }
}
