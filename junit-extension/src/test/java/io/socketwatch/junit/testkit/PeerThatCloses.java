package io.socketwatch.junit.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;

/** A one-connection server that accepts and closes its end, leaving the client to notice. */
public final class PeerThatCloses {

    private final ServerSocket listener;

    public PeerThatCloses() throws IOException {
        listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
    }

    public int port() {
        return listener.getLocalPort();
    }

    /** Accepts {@code client}'s connection, answers one request on it, and closes the server's end. */
    public void closeItsEnd(Socket client) throws IOException {
        try (listener; Socket accepted = listener.accept()) {
            client.getOutputStream().write('?');
            assertThat(accepted.getInputStream().read()).isEqualTo('?');
            accepted.getOutputStream().write('!');
            assertThat(client.getInputStream().read()).isEqualTo('!');
        }
    }
}
