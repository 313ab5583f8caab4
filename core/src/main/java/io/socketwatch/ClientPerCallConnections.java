package io.socketwatch;

import io.socketwatch.internal.check.ClientPerCall;
import io.socketwatch.model.SocketActivity;
import io.socketwatch.model.TcpConnection;
import java.util.List;

/**
 * The connections {@link SocketActivityAssert#hasNoClientPerCall()} finds, for a caller that reports each problem once:
 * a client built per call also explains those connections' churn into TIME_WAIT and their drop without close when
 * the abandoned clients were collected.
 *
 * @since 0.1.0
 */
public final class ClientPerCallConnections {

    private ClientPerCallConnections() {
    }

    /** Returns the client ends of the connections opened by a client built per call, or none. */
    public static List<TcpConnection> of(SocketActivity activity) {
        return ClientPerCall.connectionsOf(ClientPerCall.of(activity));
    }
}
