package io.socketwatch;

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
}
