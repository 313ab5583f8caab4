package io.socketwatch.error;

import io.socketwatch.internal.check.ClientPerCall;
import io.socketwatch.internal.net.CanonicalAddresses;
import io.socketwatch.model.SocketActivity;
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
                    .append(ConnectionLines.lines(finding.connections(), activity, ConnectionLines::builtAt));
            separator = "and ";
        }
        return new ShouldShareOneClient(message
                .append("Each client has a pool of its own: its connection, used for one call, stays open and idle ")
                .append("in a pool nobody uses again, and every call pays a new connection (and TLS handshake).\n")
                .append(ConnectionLines.shareOneClient())
                .append(ConnectionLines.notes(activity)).toString());
    }
}
