package io.socketwatch.internal.report;

import io.socketwatch.internal.net.CanonicalAddresses;
import io.socketwatch.model.ClientResource;
import io.socketwatch.model.SocketActivity;
import io.socketwatch.model.TcpConnection;
import io.socketwatch.model.TcpState;
import io.socketwatch.report.WatchedTest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Turns a watched test into what its report file holds: times from the test's start, the first connections only. */
final class ReportEntries {

    /** Connections listed per test; the rest are counted. */
    static final int MAX_CONNECTIONS = 200;
    /** Client resources listed per test; the rest are not. */
    static final int MAX_RESOURCES = 200;

    private ReportEntries() {
    }

    static ReportedTest of(WatchedTest test) {
        SocketActivity activity = test.activity();
        Instant start = activity.startedAt();
        List<ReportedTest.Connection> connections = new ArrayList<>();
        long opened = 0;
        long reused = 0;
        long timeWait = 0;
        for (TcpConnection connection : activity.connections()) {
            boolean inWindow = connection.origin() != TcpConnection.Origin.BASELINE;
            boolean client = connection.side() == TcpConnection.Side.CLIENT;
            if (inWindow && client && connection.origin() != TcpConnection.Origin.UNTRACKED) {
                opened++;
            }
            if (client && connection.exchanges() > 1) {
                reused++;
            }
            if (inWindow && connection.state() == TcpState.TIME_WAIT) {
                timeWait++;
            }
            if (connections.size() < MAX_CONNECTIONS) {
                connections.add(connection(connection, start));
            }
        }
        List<ReportedTest.Resource> resources = new ArrayList<>();
        for (ClientResource resource : activity.resources()) {
            if (resources.size() < MAX_RESOURCES) {
                resources.add(new ReportedTest.Resource(resource.kind().displayName(), resource.target(),
                        resource.site().toString(), millis(start, resource.acquiredAt()), resource.released()));
            }
        }
        long notListed = activity.dropped() + activity.connections().size() - connections.size();
        List<ReportedTest.Verdict> verdicts = new ArrayList<>();
        test.failures().forEach(message -> verdicts.add(Causes.verdict(message, false)));
        test.knownFailures().forEach(message -> verdicts.add(Causes.verdict(message, true)));
        test.laterFailures().forEach(message -> verdicts.add(Causes.verdict(message, false, true)));
        return new ReportedTest(test.className(), test.methodName(), test.displayName(), test.outcome().name(),
                millis(start, activity.takenAt()), new ReportedTest.Totals(opened, reused, timeWait), connections,
                notListed, resources, verdicts, activity.notes());
    }

    private static ReportedTest.Connection connection(TcpConnection connection, Instant start) {
        return new ReportedTest.Connection(
                CanonicalAddresses.format(connection.local()), CanonicalAddresses.format(connection.remote()),
                connection.side().name().toLowerCase(Locale.ROOT), connection.origin().name(),
                millis(start, connection.openedAt()),
                connection.closedTime().map(closed -> millis(start, closed)).orElse(-1.0),
                connection.exchanges(), connection.closedFirst().name(), connection.state().name(),
                connection.collectedWithoutClose(), connection.openingSite().toString(),
                connection.openingSite().location());
    }

    /**
     * Milliseconds from {@code start} to {@code at}, to the microsecond; zero for times before the start, such as the
     * opening of a connection that was already open when the test started (its baseline).
     */
    private static double millis(Instant start, Instant at) {
        return Math.max(0, Duration.between(start, at).toNanos() / 1_000) / 1_000.0;
    }
}
