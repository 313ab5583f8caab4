package io.socketwatch.model;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What became of a connection a test left open, found after the test ended: by a look at the end of its class.
 *
 * @param connection   the connection as it was at the end of the test that opened it
 * @param kind         what was found
 * @param peerClosedAt when the other end closed, where it is in this JVM and closed; empty otherwise
 */
public record LaterFinding(TcpConnection connection, Kind kind, Optional<Instant> peerClosedAt) {

    /** What can become of a connection after its test, that makes it a leak of that test. */
    public enum Kind {
        /** The peer closed it and this JVM never did: its socket stays open until the JVM exits. */
        CLOSE_WAIT,
        /** Its socket object became unreachable and was collected while the connection was open. */
        DROPPED_WITHOUT_CLOSE
    }

    public LaterFinding {
        Objects.requireNonNull(connection, "connection");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(peerClosedAt, "peerClosedAt");
    }
}
