package io.socketwatch;

import io.socketwatch.internal.tracker.LeftBehind;
import io.socketwatch.model.LaterFinding;
import io.socketwatch.model.SocketActivity;
import io.socketwatch.model.TcpConnection;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The connections a test opened that were still open at its end, followed afterwards: {@link #sweep} looks at them
 * once more, at the end of the test's class, and finds those that a peer closed since while this JVM never did, and
 * those dropped without close. Connections of test infrastructure are not followed, nor those already in CLOSE_WAIT at
 * the test's end, which its own checks judged. Holds no socket: following a connection keeps nothing reachable.
 */
public final class LeftOpen {

    /** Nothing left open. */
    static final LeftOpen NONE = new LeftOpen(LeftBehind.NONE);

    private final LeftBehind connections;

    LeftOpen(LeftBehind connections) {
        this.connections = connections;
    }

    /** Returns the connections as they were at the end of the test. */
    public List<TcpConnection> connections() {
        return connections.connections();
    }

    public boolean isEmpty() {
        return connections.isEmpty();
    }

    /**
     * Returns those of these connections that {@code activity} lists: those a caller that set connections aside (an
     * ignored endpoint, test infrastructure of its own) still judges.
     */
    public LeftOpen within(SocketActivity activity) {
        if (connections.isEmpty()) {
            return this;
        }
        Set<Long> ids = new HashSet<>();
        for (TcpConnection connection : activity.connections()) {
            ids.add(connection.id());
        }
        return new LeftOpen(connections.within(ids));
    }

    /**
     * Returns these connections but those of {@code found}: what is left to follow once a look reported those.
     *
     * @since 0.1
     */
    public LeftOpen without(Collection<LaterFinding> found) {
        if (connections.isEmpty() || found.isEmpty()) {
            return this;
        }
        Set<Long> reported = new HashSet<>();
        for (LaterFinding finding : found) {
            reported.add(finding.connection().id());
        }
        Set<Long> kept = new HashSet<>();
        for (TcpConnection connection : connections.connections()) {
            if (!reported.contains(connection.id())) {
                kept.add(connection.id());
            }
        }
        return kept.size() == connections.connections().size() ? this : new LeftOpen(connections.within(kept));
    }

    /**
     * Looks once more at the connections of {@code all}: one garbage collection at most (only when one of them is
     * still open and no owner socketwatch knows, such as OkHttp's pool or the JDK's keep-alive cache, keeps it
     * reachable) and one look-up of the OS table. Returns those found in CLOSE_WAIT or dropped without close since.
     *
     * @param notes told why the look found less than it might, e.g. the OS table could not be read
     */
    public static List<LaterFinding> sweep(Collection<LeftOpen> all, List<String> notes) {
        List<LeftBehind> each = new ArrayList<>(all.size());
        for (LeftOpen left : all) {
            each.add(left.connections);
        }
        return LeftBehind.sweep(each, notes);
    }
}
