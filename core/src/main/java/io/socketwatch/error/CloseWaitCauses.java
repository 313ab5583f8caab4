package io.socketwatch.error;

import io.socketwatch.internal.check.PoolSizes;
import io.socketwatch.model.ClientResource;
import io.socketwatch.model.SocketActivity;
import io.socketwatch.model.TcpConnection;
import java.util.List;

/**
 * Tells, where a client integration knows, why a connection sits in CLOSE_WAIT: held by application code that never
 * released what the client library handed it, or idle in the library's pool when the server closed it. A connection
 * no integration knows about gets no cause: socketwatch cannot tell a pool from code that keeps a socket.
 */
final class CloseWaitCauses {

    private CloseWaitCauses() {
    }

    /**
     * What to do about a socket socketwatch does not instrument that sits in CLOSE_WAIT: its code is not known, only
     * the kind of code that opens such sockets.
     */
    static final String UNTRACKED = "close the channel when the peer closes it, and check the native "
            + "transport's idle handling (with Netty, ALLOW_HALF_CLOSURE leaves the close to your handler, and an "
            + "IdleStateHandler can close idle channels)";

    /** Returns the cause of {@code connection}'s CLOSE_WAIT as one line, or empty when no integration can tell. */
    static String of(TcpConnection connection, SocketActivity activity) {
        if (connection.origin() == TcpConnection.Origin.UNTRACKED) {
            return UNTRACKED;
        }
        if (connection.side() != TcpConnection.Side.CLIENT) {
            return "";
        }
        List<ClientResource> sameEndpoint = activity.resources().stream()
                .filter(resource -> PoolSizes.namesPort(resource, connection.remote().getPort()))
                .toList();
        if (sameEndpoint.isEmpty()) {
            return "";
        }
        return sameEndpoint.stream().filter(resource -> !resource.released()).findFirst()
                .map(held -> "held by application code: the " + held.kind().displayName() + " obtained at "
                        + held.site() + " was never released, so the connection never went back to its pool")
                .orElse("idle in " + sameEndpoint.get(0).kind().displayName().split(" ")[0] + "'s pool: the server "
                        + "closed it while it sat unused (its keep-alive timeout is shorter than the pool's idle time)");
    }
}
