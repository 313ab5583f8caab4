package io.socketwatch.error;

import org.assertj.core.error.ErrorMessageFactory;

/** The window held more client connections to an endpoint open at once than allowed. */
public final class ShouldHoldAtMostConcurrentConnections extends SocketMessage {

    private ShouldHoldAtMostConcurrentConnections(String message) {
        super(message);
    }

    /** Creates the message for a window that held {@code concurrent} connections to {@code endpoint} at once. */
    public static ErrorMessageFactory shouldHoldAtMostConcurrentConnections(String endpoint, int max, int concurrent) {
        return new ShouldHoldAtMostConcurrentConnections("\nExpecting socket activity to hold at most "
                + ConnectionLines.connections(max) + " to " + endpoint + " at once, but it held " + concurrent);
    }
}
