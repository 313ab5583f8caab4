package io.socketwatch;

import io.socketwatch.model.SocketActivity;

/**
 * Entry point for socketwatch's AssertJ assertions.
 *
 * <pre>{@code
 * SocketActivity activity = watcher.stop();
 * SocketAssertions.assertThat(activity).hasNoTimeWaitLeak().reusesConnectionsTo("localhost", port);
 * }</pre>
 */
public class SocketAssertions {

    protected SocketAssertions() {
    }

    /** Creates assertions on a window's connections. */
    public static SocketActivityAssert assertThat(SocketActivity actual) {
        return new SocketActivityAssert(actual);
    }

    /**
     * Creates assertions on a client configuration audit.
     */
    public static io.socketwatch.ClientAuditAssert assertThat(io.socketwatch.audit.ClientAuditReport actual) {
        return new io.socketwatch.ClientAuditAssert(actual);
    }
}
