package io.socketwatch.error;

import io.socketwatch.model.SocketActivity;
import io.socketwatch.model.TcpConnection;
import java.util.List;
import java.util.Set;
import org.assertj.core.error.ErrorMessageFactory;

/** The window churned connections: closed them, opened new ones to the same endpoint, and left TIME_WAIT behind. */
public final class ShouldHaveNoTimeWaitLeak extends SocketMessage {

    private ShouldHaveNoTimeWaitLeak(String message) {
        super(message);
    }

    /**
     * Creates the message for {@code leaks}, the churned connections' ends in TIME_WAIT, one line each. Both ends of a
     * loopback connection can be in TIME_WAIT (both closed at once): the headline counts connections, not ends.
     */
    public static ErrorMessageFactory shouldHaveNoTimeWaitLeak(SocketActivity activity, List<TcpConnection> leaks) {
        long connections = leaks.stream().map(end -> Set.of(end.local(), end.remote())).distinct().count();
        return new ShouldHaveNoTimeWaitLeak("\n"
                + "Expecting socket activity to leave no TIME_WAIT behind from connection churn, but "
                + ConnectionLines.connections(connections)
                + (connections == 1 ? " was" : " were")
                + " closed, replaced by a new connection to the same endpoint, and left in TIME_WAIT"
                + (connections < leaks.size() ? " (" + (leaks.size() - connections) + " of them at both ends, "
                + "closed by both at once)" : "") + ":\n"
                + ConnectionLines.lines(leaks, activity, connection -> "")
                + "A connection per request leaves one TIME_WAIT socket per request, each holding a local port for "
                + "60 s: one endpoint then sustains only about 470 new connections/s (28,232 ephemeral ports) before "
                + "connects fail.\n"
                + "Fix: reuse connections: share one client (one connection pool) instead of one per request, do not "
                + "send or answer Connection: close, and behind a reverse proxy enable upstream keep-alive.\n"
                + ConnectionLines.notes(activity));
    }
}
