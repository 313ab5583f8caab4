package io.socketwatch.internal.os;

import java.net.InetSocketAddress;

/**
 * A TCP connection's identity: local and remote endpoint, both {@link Endpoints#canonical canonical}, so a dual-stack
 * socket's {@code ::ffff:127.0.0.1} equals {@code 127.0.0.1}.
 */
public record FourTuple(InetSocketAddress local, InetSocketAddress remote) {

    public FourTuple {
        local = Endpoints.canonical(local);
        remote = Endpoints.canonical(remote);
    }

    /** Returns the same connection seen from the other end. */
    public FourTuple reversed() {
        return new FourTuple(remote, local);
    }

    @Override
    public String toString() {
        return Endpoints.format(local) + " -> " + Endpoints.format(remote);
    }
}
