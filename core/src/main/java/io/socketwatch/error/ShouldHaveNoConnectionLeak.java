package io.socketwatch.error;

import io.socketwatch.model.ClientResource;
import io.socketwatch.model.SocketActivity;
import io.socketwatch.model.TcpConnection;
import java.util.List;
import org.assertj.core.error.ErrorMessageFactory;

/** Connections dropped without close, left in CLOSE_WAIT, or handed out by a client library and never released. */
public final class ShouldHaveNoConnectionLeak extends SocketMessage {

    private ShouldHaveNoConnectionLeak(String message) {
        super(message);
    }

    /** Creates the message for {@code leaks}: connections garbage-collected while open, or in CLOSE_WAIT. */
    public static ErrorMessageFactory shouldHaveNoConnectionLeak(SocketActivity activity, List<TcpConnection> leaks) {
        return shouldHaveNoConnectionLeak(activity, List.of(), leaks);
    }

    /**
     * Creates the message for client-level resources not released ({@code unreleased}, listed first: they name the
     * code to fix) and sockets leaked ({@code leaks}).
     */
    public static ErrorMessageFactory shouldHaveNoConnectionLeak(SocketActivity activity,
                                                                 List<ClientResource> unreleased,
                                                                 List<TcpConnection> leaks) {
        int count = unreleased.size() + leaks.size();
        return new ShouldHaveNoConnectionLeak("\n"
                + "Expecting socket activity to leak no connection, but " + ConnectionLines.connections(count)
                + (count == 1 ? " was" : " were") + " leaked:\n"
                + ConnectionLines.resourceLines(unreleased, activity)
                + ConnectionLines.lines(leaks, activity, connection -> why(connection, activity))
                + "Fix: close every socket, response body and JDBC connection you open, in a try-with-resources; "
                + "the JDK closes a dropped socket only when the garbage collector finds it.\n"
                + ConnectionLines.notes(activity));
    }

    private static String why(TcpConnection connection, SocketActivity activity) {
        if (connection.collectedWithoutClose()) {
            return "the socket became unreachable while open: nothing closed it";
        }
        String cause = CloseWaitCauses.of(connection, activity);
        return "the peer closed it and this JVM never did (CLOSE_WAIT)" + (cause.isEmpty() ? "" : ": " + cause);
    }
}
