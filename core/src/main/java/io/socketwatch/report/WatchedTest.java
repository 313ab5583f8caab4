package io.socketwatch.report;

import io.socketwatch.model.SocketActivity;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One test a build watched, as the build report shows it: which test, how it ended, its connections and what
 * socketwatch said about them. Immutable.
 *
 * @param className   the test class's binary name
 * @param methodName  the test method's name
 * @param displayName the test's display name, e.g. {@code fetchesOrders()} or {@code [2] port=8080}
 * @param outcome     how the test ended
 * @param activity    the test's connections, as its checks judged them
 * @param failures    the messages of socketwatch's failed checks on this test, in the order the checks ran; empty when
 *                    every check passed
 * @param knownFailures the messages of failed checks that the baseline lists as known, which did not fail the test
 * @param laterFailures the messages of what the looks at the end of the test's class or of the run found that this
 *                      test left open and that broke or was dropped after it ended: they fail the class or the run
 *                      (unless configured to only report), not this test
 * @since 0.1
 */
public record WatchedTest(String className, String methodName, String displayName, Outcome outcome,
                          SocketActivity activity, List<String> failures, List<String> knownFailures,
                          List<String> laterFailures) {

    /** How a test ended. */
    public enum Outcome {
        /** The test and socketwatch's checks passed. */
        SUCCESSFUL,
        /** The test, a check or a later callback failed. */
        FAILED,
        /** The test was aborted: an assumption did not hold. */
        ABORTED
    }

    public WatchedTest {
        Objects.requireNonNull(className, "className");
        Objects.requireNonNull(methodName, "methodName");
        Objects.requireNonNull(displayName, "displayName");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(activity, "activity");
        failures = List.copyOf(failures);
        knownFailures = List.copyOf(knownFailures);
        laterFailures = List.copyOf(laterFailures);
    }

    /** Creates a watched test with no later failures: what its own checks said of it. */
    public WatchedTest(String className, String methodName, String displayName, Outcome outcome,
                       SocketActivity activity, List<String> failures, List<String> knownFailures) {
        this(className, methodName, displayName, outcome, activity, failures, knownFailures, List.of());
    }

    /** Returns this test with {@code activity} in place of its own. */
    public WatchedTest withActivity(SocketActivity activity) {
        return new WatchedTest(className, methodName, displayName, outcome, activity, failures, knownFailures,
                laterFailures);
    }

    /** Returns this test with {@code more} later failures added. */
    public WatchedTest withLaterFailures(List<String> more) {
        List<String> all = new ArrayList<>(laterFailures);
        all.addAll(more);
        return new WatchedTest(className, methodName, displayName, outcome, activity, failures, knownFailures, all);
    }
}
