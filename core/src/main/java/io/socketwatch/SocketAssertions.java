package io.socketwatch;

/** PLACEHOLDER until the assertions land: the skeleton only fixes the entry point. */
public class SocketAssertions {

    protected SocketAssertions() {
    }

    public static SocketActivityAssert assertThat(SocketActivity actual) {
        return new SocketActivityAssert(actual);
    }
}
