package io.socketwatch.junit;

import static io.socketwatch.error.ShouldNotLeakAfterTheirTests.shouldNotLeakAfterTheirTests;

import io.socketwatch.LeftOpen;
import io.socketwatch.error.ShouldNotLeakAfterTheirTests.Leak;
import io.socketwatch.model.LaterFinding;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Function;
import org.assertj.core.description.TextDescription;
import org.assertj.core.presentation.StandardRepresentation;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;

/**
 * The look at the end of a test class at the connections its watched tests left open: those a peer closed since
 * while this JVM never did, and those dropped without close, are leaks of the test that opened them, found only now.
 * Not those whose server on this host shut down (no longer listens), as test servers do between tests: that is the
 * fixture's end, not the code under test's. Collects what the class's tests leave, from their threads, with when each
 * test ran, to name the test during which a peer in this JVM closed a connection; looks once, after the class's
 * {@code @AfterAll} methods.
 */
final class ClassSweep {

    /** What to do with what the look finds. */
    enum Mode {
        FAIL, REPORT, OFF;

        /** Reads the configuration parameter; an invalid value names key and value. */
        static Mode from(Function<String, Optional<String>> parameters) {
            Optional<String> value = parameters.apply(SocketWatch.SWEEP_CLASS_PROPERTY);
            if (value.isEmpty()) {
                return FAIL;
            }
            return switch (value.get().trim().toLowerCase(Locale.ROOT)) {
                case "fail" -> FAIL;
                case "report" -> REPORT;
                case "off" -> OFF;
                default -> throw new ExtensionConfigurationException("socketwatch: invalid value '" + value.get()
                        + "' for " + SocketWatch.SWEEP_CLASS_PROPERTY + ": expected fail, report or off");
            };
        }
    }

    /**
     * What one test left open, with when it ran.
     *
     * @param test the test as messages name it
     */
    private record Left(String test, Instant started, Instant ended, LeftOpen connections) {
    }

    private final String testClass;
    private final ConcurrentLinkedQueue<Left> left = new ConcurrentLinkedQueue<>();
    /** When each watched test of the class ran, also those that left nothing open: peers close during them. */
    private final ConcurrentLinkedQueue<Left> ran = new ConcurrentLinkedQueue<>();

    ClassSweep(String testClass) {
        this.testClass = testClass;
    }

    /** Remembers that {@code test} ran from {@code started} to {@code ended} and left {@code connections} open. */
    void add(String test, Instant started, Instant ended, LeftOpen connections) {
        Left entry = new Left(test, started, ended, connections);
        ran.add(entry);
        if (!connections.isEmpty()) {
            left.add(entry);
        }
    }

    /**
     * Looks at what the class's tests left open and returns the failure that lists what broke since, if anything did;
     * {@code notes} is told what limited the look.
     */
    Optional<AssertionError> look(List<String> notes) {
        if (left.isEmpty()) {
            return Optional.empty(); // most classes: their tests closed what they opened, or kept it in a pool
        }
        List<LeftOpen> all = left.stream().map(Left::connections).toList();
        List<Leak> leaks = new ArrayList<>();
        for (LaterFinding found : LeftOpen.sweep(all, notes)) {
            Left opener = openerOf(found);
            Optional<String> during = found.peerClosedAt().flatMap(this::duringTest)
                    .filter(test -> !test.equals(opener.test()));
            leaks.add(new Leak(opener.test(), found, during));
        }
        if (leaks.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new AssertionError(shouldNotLeakAfterTheirTests(testClass, leaks)
                .create(new TextDescription(""), StandardRepresentation.STANDARD_REPRESENTATION)));
    }

    private Left openerOf(LaterFinding found) {
        for (Left entry : left) {
            if (entry.connections().connections().contains(found.connection())) {
                return entry;
            }
        }
        throw new IllegalStateException("no test left " + found.connection());
    }

    /** Returns the test of the class that was running at {@code moment}, if one was. */
    private Optional<String> duringTest(Instant moment) {
        for (Left entry : ran) {
            if (!moment.isBefore(entry.started()) && !moment.isAfter(entry.ended())) {
                return Optional.of(entry.test());
            }
        }
        return Optional.empty();
    }
}
