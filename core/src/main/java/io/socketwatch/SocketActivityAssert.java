package io.socketwatch;

import org.assertj.core.api.AbstractAssert;

/** PLACEHOLDER until the assertions land: the skeleton only fixes the names. */
public class SocketActivityAssert extends AbstractAssert<SocketActivityAssert, SocketActivity> {

    public SocketActivityAssert(SocketActivity actual) {
        super(actual, SocketActivityAssert.class);
    }

    public SocketActivityAssert hasNoTimeWaitLeak() {
        throw new UnsupportedOperationException("not built yet");
    }

    public SocketActivityAssert hasNoCloseWaitLeak() {
        throw new UnsupportedOperationException("not built yet");
    }

    public SocketActivityAssert hasNoConnectionLeak() {
        throw new UnsupportedOperationException("not built yet");
    }

    public SocketActivityAssert reusesConnectionsTo(String host, int port) {
        throw new UnsupportedOperationException("not built yet");
    }
}
