package io.socketwatch.internal.os;

import io.socketwatch.internal.net.CanonicalAddresses;
import java.net.InetSocketAddress;

/**
 * A TCP connection's identity: local and remote endpoint, both {@link CanonicalAddresses#canonical canonical}, so a dual-stack
 * socket's {@code ::ffff:127.0.0.1} equals {@code 127.0.0.1}.
 */
public record FourTuple(InetSocketAddress local, InetSocketAddress remote) {

    public FourTuple {
        local = CanonicalAddresses.canonical(local);
        remote = CanonicalAddresses.canonical(remote);
    }

    /** Returns the same connection seen from the other end. */
    public FourTuple reversed() {
        return new FourTuple(remote, local);
    }

    @Override
    public String toString() {
        return CanonicalAddresses.format(local) + " -> " + CanonicalAddresses.format(remote);
    }
}
