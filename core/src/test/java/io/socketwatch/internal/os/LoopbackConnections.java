package io.socketwatch.internal.os;

import io.socketwatch.testing.Poll;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.channels.SocketChannel;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.function.Supplier;

/** Small helpers for tests on real loopback sockets. */
final class LoopbackConnections {

    private LoopbackConnections() {
    }

    static FourTuple tuple(Socket socket) {
        return new FourTuple((InetSocketAddress) socket.getLocalSocketAddress(),
                (InetSocketAddress) socket.getRemoteSocketAddress());
    }

    static FourTuple tuple(SocketChannel channel) throws IOException {
        return new FourTuple((InetSocketAddress) channel.getLocalAddress(), (InetSocketAddress) channel.getRemoteAddress());
    }

    /** Reads until the peer's FIN, then closes. */
    static void drainAndClose(Socket socket) throws IOException {
        try (socket; InputStream in = socket.getInputStream()) {
            while (in.read() >= 0) {
                // until the peer's FIN
            }
        }
    }

    /**
     * Polls {@code probe} with capped backoff, for at most 5 s, until its answer passes {@code done}; returns the last
     * answer either way (socket states change a few milliseconds after close).
     */
    static Optional<SocketEntry> await(Supplier<Optional<SocketEntry>> probe, Predicate<Optional<SocketEntry>> done)
            throws InterruptedException {
        return Poll.until(probe, done);
    }
}
