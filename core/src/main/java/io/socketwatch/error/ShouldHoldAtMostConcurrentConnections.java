package io.socketwatch.error;

import io.socketwatch.model.ClientResource;
import io.socketwatch.model.SocketActivity;
import io.socketwatch.model.TcpConnection;
import java.util.List;
import org.assertj.core.error.ErrorMessageFactory;

/** The window held more client connections to an endpoint open at once than allowed. */
public final class ShouldHoldAtMostConcurrentConnections extends SocketMessage {

    private ShouldHoldAtMostConcurrentConnections(String message) {
        super(message);
    }

    /**
     * Creates the message for a window that held {@code concurrent} client connections to {@code endpoint} at once.
     *
     * @param endpoint    the endpoint as the user named it, e.g. {@code localhost:8080}
     * @param max         connections allowed at once
     * @param connections the client connections to {@code endpoint} the window saw
     * @param unreleased  the client resources to {@code endpoint} the application never released, each holding a
     *                    connection: the message names them first
     */
    public static ErrorMessageFactory shouldHoldAtMostConcurrentConnections(SocketActivity activity, String endpoint,
                                                                            int max, int concurrent,
                                                                            List<TcpConnection> connections,
                                                                            List<ClientResource> unreleased) {
        String expectation = "\nExpecting socket activity to hold at most " + ConnectionLines.connections(max) + " to "
                + endpoint + " at once, but it held " + concurrent;
        String lines = ConnectionLines.lines(connections, activity, ConnectionLines::fate);
        if (!unreleased.isEmpty()) {
            return new ShouldHoldAtMostConcurrentConnections(expectation + ", and the application never released "
                    + unreleased.size() + " of what the client handed it, each holding a connection:\n"
                    + ConnectionLines.resourceLines(unreleased, activity)
                    + "The connections:\n" + lines
                    + "Fix: close each response (try-with-resources, or read its body to the end) and each connection "
                    + "you borrow, so that the pool can hand it to the next request instead of opening another.\n"
                    + ConnectionLines.notes(activity));
        }
        return new ShouldHoldAtMostConcurrentConnections(expectation + ":\n" + lines
                + "Fix: cap the client's connections to this endpoint (its pool's maximum per host or route) or the "
                + "number of requests sent at once.\n"
                + ConnectionLines.notes(activity));
    }
}
