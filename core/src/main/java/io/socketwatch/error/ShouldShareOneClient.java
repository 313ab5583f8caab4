package io.socketwatch.error;

import io.socketwatch.internal.check.ClientPerCall;
import io.socketwatch.internal.net.CanonicalAddresses;
import io.socketwatch.model.SocketActivity;
import io.socketwatch.model.TcpConnection;
import java.util.List;

/**
 * The window built a client per call: each call's new client opened a connection of its own while the previous
 * client's sat idle in its abandoned pool.
 */
public final class ShouldShareOneClient extends SocketMessage {

    private ShouldShareOneClient(String message) {
        super(message);
    }

    /** Creates the message for {@code findings}, one per endpoint: each connection with its client's building line. */
    public static org.assertj.core.error.ErrorMessageFactory shouldShareOneClient(SocketActivity activity,
                                                                                  List<ClientPerCall> findings) {
        StringBuilder message = new StringBuilder("\n");
        String separator = "Expecting socket activity to share one client per endpoint, but ";
        for (ClientPerCall finding : findings) {
            message.append(separator).append(finding.connections().size()).append(" clients were built for ")
                    .append(CanonicalAddresses.format(finding.endpoint()))
                    .append(", one per call, each opening a connection of its own while the previous client's sat ")
                    .append("open and idle:\n")
                    .append(ConnectionLines.lines(finding.connections(), activity, ShouldShareOneClient::builtAt));
            separator = "and ";
        }
        return new ShouldShareOneClient(message
                .append("Each client has a pool of its own: its connection, used for one call, stays open and idle ")
                .append("in a pool nobody uses again, and every call pays a new connection (and TLS handshake).\n")
                .append("Fix: build one client and share it (a field or a singleton, not a local variable), so that ")
                .append("its pool reuses the idle connection for the next call.\n")
                .append(ConnectionLines.notes(activity)).toString());
    }

    private static String builtAt(TcpConnection connection) {
        return connection.builtClient()
                .map(client -> "its " + client.type() + " was built at " + client.site())
                .orElse("");
    }
}
