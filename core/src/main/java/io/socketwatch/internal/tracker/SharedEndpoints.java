package io.socketwatch.internal.tracker;

import io.socketwatch.internal.os.FourTuple;
import io.socketwatch.model.TcpConnection.Side;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Shares the address objects of the connections the tracker keeps: every connection to one service holds the same
 * service endpoint, and its own endpoint differs only by port, so a closed connection retains one small endpoint
 * object of its own instead of two endpoints and two addresses. Bounded: past {@value #CAPACITY} distinct entries,
 * new endpoints are kept as given.
 */
final class SharedEndpoints {

    static final int CAPACITY = 4_096;

    private final ConcurrentHashMap<Object, Object> shared = new ConcurrentHashMap<>();

    /**
     * Returns {@code tuple} with shared objects: the service end (the remote end of a client connection, the local
     * end of an accepted one) and the address of the other end.
     */
    FourTuple share(FourTuple tuple, Side side) {
        if (side == Side.CLIENT) {
            return new FourTuple(ownEnd(tuple.local()), serviceEnd(tuple.remote()));
        }
        return new FourTuple(serviceEnd(tuple.local()), ownEnd(tuple.remote()));
    }

    private InetSocketAddress serviceEnd(InetSocketAddress endpoint) {
        return intern(endpoint);
    }

    private InetSocketAddress ownEnd(InetSocketAddress endpoint) {
        InetAddress address = intern(endpoint.getAddress());
        return address == endpoint.getAddress() ? endpoint : new InetSocketAddress(address, endpoint.getPort());
    }

    @SuppressWarnings("unchecked")
    private <T> T intern(T value) {
        Object known = shared.get(value);
        if (known != null) {
            return (T) known;
        }
        if (shared.size() >= CAPACITY) {
            return value;
        }
        known = shared.putIfAbsent(value, value);
        return known != null ? (T) known : value;
    }
}
