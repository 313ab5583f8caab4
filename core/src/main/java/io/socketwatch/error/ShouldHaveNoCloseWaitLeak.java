package io.socketwatch.error;

import io.socketwatch.model.SocketActivity;
import io.socketwatch.model.TcpConnection;
import java.util.List;
import org.assertj.core.error.ErrorMessageFactory;

/** Connections the peer closed that this JVM never closed. */
public final class ShouldHaveNoCloseWaitLeak extends SocketMessage {

    private ShouldHaveNoCloseWaitLeak(String message) {
        super(message);
    }

    /** Creates the message for {@code leaks}, the window's connections in CLOSE_WAIT. */
    public static ErrorMessageFactory shouldHaveNoCloseWaitLeak(SocketActivity activity, List<TcpConnection> leaks) {
        return new ShouldHaveNoCloseWaitLeak("\n"
                + "Expecting socket activity to leave no connection in CLOSE_WAIT, but "
                + ConnectionLines.connections(leaks.size()) + (leaks.size() == 1 ? " was" : " were")
                + " closed by the peer and never by this JVM:\n"
                + ConnectionLines.lines(leaks, activity, connection -> CloseWaitCauses.of(connection, activity))
                + CLOSE_WAIT_EXPLAINED
                + ConnectionLines.notes(activity));
    }

    static final String CLOSE_WAIT_EXPLAINED = "A socket in CLOSE_WAIT keeps its file descriptor until this JVM "
            + "closes it, and the next request sent on it fails.\n"
            + "Fix: close what you open (try-with-resources on sockets, response bodies and JDBC connections); for "
            + "pooled connections, keep the pool's idle timeout below the server's keep-alive timeout.\n";
}
