package io.socketwatch.junit;

import io.socketwatch.ClientPerCallConnections;
import io.socketwatch.SocketAssertions;
import io.socketwatch.junit.SocketWatch.Check;
import io.socketwatch.model.SocketActivity;
import io.socketwatch.model.TcpConnection;
import io.socketwatch.model.TcpState;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Runs a test's checks on its activity, and summarises the activity for the test report. */
final class Verdicts {

    /** The entry of a test that saw no connection: most tests. */
    private static final Map<String, String> QUIET = entry(0, 0, 0);

    private Verdicts() {
    }

    /**
     * Runs every configured check and returns the failures: a client built per call first, then the others in the order
     * the checks are declared, on the connections the client-per-call finding does not explain. An allowed number of
     * TIME_WAIT connections, when set, bounds them all and takes the churn check's place.
     */
    static List<AssertionError> check(SocketActivity activity, Settings settings) {
        if (activity.connections().isEmpty() && activity.resources().isEmpty()) {
            return List.of(); // nothing to judge: the common case of a test that opens nothing
        }
        List<AssertionError> failures = new ArrayList<>();
        SocketActivity rest = activity;
        if (settings.checks().contains(Check.CLIENT_PER_CALL)) {
            List<TcpConnection> perCall = ClientPerCallConnections.of(activity);
            if (!perCall.isEmpty()) {
                run(failures, () -> SocketAssertions.assertThat(activity).hasNoClientPerCall());
                rest = activity.excludingConnections(perCall); // their churn or drop is the same problem
            }
        }
        checkTheRest(failures, activity, rest, settings);
        return failures;
    }

    /** Runs the checks other than the client-per-call one: the TIME_WAIT bound on all, the others on {@code rest}. */
    private static void checkTheRest(List<AssertionError> failures, SocketActivity activity, SocketActivity rest,
                                     Settings settings) {
        if (settings.allowedTimeWait() >= 0) { // a bound on all TIME_WAIT, churned or not, replaces the churn check
            run(failures, () -> SocketAssertions.assertThat(activity).hasAtMostTimeWaitConnections(settings.allowedTimeWait()));
        } else if (settings.checks().contains(Check.TIME_WAIT)) {
            run(failures, () -> SocketAssertions.assertThat(rest).hasNoTimeWaitLeak());
        }
        // the connection-leak check covers CLOSE_WAIT too: one message for one problem
        if (settings.checks().contains(Check.CONNECTION_LEAK)) {
            run(failures, () -> SocketAssertions.assertThat(rest).hasNoConnectionLeak());
        } else if (settings.checks().contains(Check.CLOSE_WAIT)) {
            run(failures, () -> SocketAssertions.assertThat(rest).hasNoCloseWaitLeak());
        }
    }

    /** Returns the single failure, or one error whose message holds all of them, each kept as suppressed. */
    static AssertionError combine(List<AssertionError> failures) {
        if (failures.size() == 1) {
            return failures.get(0);
        }
        StringBuilder message = new StringBuilder("socketwatch found " + failures.size() + " problems:");
        for (AssertionError failure : failures) {
            message.append('\n').append(failure.getMessage());
        }
        AssertionError combined = new AssertionError(message.toString());
        failures.forEach(combined::addSuppressed);
        return combined;
    }

    /** Summarises the activity for JUnit's report entries, published for every test, passing or not. */
    static Map<String, String> reportEntry(SocketActivity activity) {
        if (activity.connections().isEmpty()) {
            return QUIET;
        }
        long opened = 0;
        long reused = 0;
        long timeWait = 0;
        for (TcpConnection connection : activity.connections()) {
            boolean inWindow = connection.origin() != TcpConnection.Origin.BASELINE;
            if (inWindow && connection.origin() != TcpConnection.Origin.UNTRACKED
                    && connection.side() == TcpConnection.Side.CLIENT) {
                opened++;
            }
            if (connection.side() == TcpConnection.Side.CLIENT && connection.exchanges() > 1) {
                reused++;
            }
            if (inWindow && connection.state() == TcpState.TIME_WAIT) {
                timeWait++;
            }
        }
        return entry(opened, reused, timeWait);
    }

    private static Map<String, String> entry(long opened, long reused, long timeWait) {
        Map<String, String> entry = new LinkedHashMap<>();
        entry.put("socketwatch.connectionsOpened", Long.toString(opened));
        entry.put("socketwatch.connectionsReused", Long.toString(reused));
        entry.put("socketwatch.leftInTimeWait", Long.toString(timeWait));
        return Collections.unmodifiableMap(entry);
    }

    private static void run(List<AssertionError> failures, Runnable check) {
        try {
            check.run();
        } catch (AssertionError failure) {
            failures.add(failure);
        }
    }
}
