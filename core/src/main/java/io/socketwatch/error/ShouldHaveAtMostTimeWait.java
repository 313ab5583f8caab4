package io.socketwatch.error;

import io.socketwatch.internal.os.PlatformTcpFacts;
import io.socketwatch.model.SocketActivity;
import io.socketwatch.model.TcpConnection;
import java.util.List;
import org.assertj.core.error.ErrorMessageFactory;

/** The window left more connections in TIME_WAIT than allowed. */
public final class ShouldHaveAtMostTimeWait extends SocketMessage {

    private ShouldHaveAtMostTimeWait(String message) {
        super(message);
    }

    /** Creates the message for {@code timeWait}, every end of the window's connections in TIME_WAIT. */
    public static ErrorMessageFactory shouldHaveAtMostTimeWait(SocketActivity activity, int allowed,
                                                               List<TcpConnection> timeWait) {
        return shouldHaveAtMostTimeWait(activity, allowed, timeWait, PlatformTcpFacts.current());
    }

    /** As {@link #shouldHaveAtMostTimeWait(SocketActivity, int, List)}, quoting {@code platform}'s TIME_WAIT. */
    static ErrorMessageFactory shouldHaveAtMostTimeWait(SocketActivity activity, int allowed,
                                                        List<TcpConnection> timeWait, PlatformTcpFacts platform) {
        return new ShouldHaveAtMostTimeWait("\n"
                + "Expecting socket activity to leave at most " + ConnectionLines.connections(allowed)
                + " in TIME_WAIT, but it left " + timeWait.size() + ":\n"
                + ConnectionLines.lines(timeWait, activity, connection -> "")
                + "The side that closes a connection first keeps it in TIME_WAIT for "
                + platform.timeWaitSeconds() + " s, holding a local port.\n"
                + "Fix: reuse connections instead of closing them after each request, or let the peer close first.\n"
                + ConnectionLines.notes(activity));
    }
}
