package io.socketwatch.error;

import org.assertj.core.error.ErrorMessageFactory;

/** The window opened more client connections to an endpoint than allowed. */
public final class ShouldOpenAtMostConnections extends SocketMessage {

    private ShouldOpenAtMostConnections(String message) {
        super(message);
    }

    /** Creates the message for a window that opened {@code opened} connections to {@code endpoint}. */
    public static ErrorMessageFactory shouldOpenAtMostConnections(String endpoint, int max, long opened) {
        return new ShouldOpenAtMostConnections("\nExpecting socket activity to open at most "
                + ConnectionLines.connections(max) + " to " + endpoint + ", but it opened " + opened);
    }
}
