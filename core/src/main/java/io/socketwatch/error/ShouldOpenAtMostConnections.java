package io.socketwatch.error;

import io.socketwatch.model.ClientResource;
import io.socketwatch.model.SocketActivity;
import io.socketwatch.model.TcpConnection;
import java.util.List;
import org.assertj.core.error.ErrorMessageFactory;

/** The window opened more client connections to an endpoint than allowed. */
public final class ShouldOpenAtMostConnections extends SocketMessage {

    private ShouldOpenAtMostConnections(String message) {
        super(message);
    }

    /**
     * Creates the message for {@code opened}, the client connections to {@code endpoint} the window opened.
     *
     * @param endpoint   the endpoint as the user named it, e.g. {@code localhost:8080}
     * @param max        connections allowed
     * @param unreleased the client resources to {@code endpoint} the application never released: each keeps its
     *                   connection out of the pool, so that later requests open new ones; the message starts with them
     */
    public static ErrorMessageFactory shouldOpenAtMostConnections(SocketActivity activity, String endpoint, int max,
                                                                  List<TcpConnection> opened,
                                                                  List<ClientResource> unreleased) {
        String expectation = "\nExpecting socket activity to open at most " + ConnectionLines.connections(max)
                + " to " + endpoint + ", but it opened " + opened.size();
        if (!unreleased.isEmpty()) {
            return new ShouldOpenAtMostConnections(expectation
                    + ConnectionLines.keptOutOfThePool(unreleased, opened, activity) + ConnectionLines.notes(activity));
        }
        return new ShouldOpenAtMostConnections(expectation + ":\n"
                + ConnectionLines.lines(opened, activity, ConnectionLines::fate)
                + "Fix: send the requests through one shared client, whose pool keeps connections for the next "
                + "request, and keep keep-alive on at both ends; if they ran at once, cap the pool's connections to "
                + "this endpoint.\n"
                + ConnectionLines.notes(activity));
    }
}
