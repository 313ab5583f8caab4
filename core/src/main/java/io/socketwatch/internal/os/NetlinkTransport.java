package io.socketwatch.internal.os;

import java.nio.ByteBuffer;

/**
 * One {@code NETLINK_SOCK_DIAG} socket: a request buffer to fill, a send, a receive. Not thread-safe: its owner
 * serializes calls. Implementations differ only in how they reach the kernel (JNA, or FFM on JDK 22+).
 */
interface NetlinkTransport extends AutoCloseable {

    /** Names how this transport reaches the kernel: {@code JNA} or {@code FFM}. */
    String kind();

    /** Returns the request buffer, in native byte order, cleared; valid until the next call to this method. */
    ByteBuffer request();

    /**
     * Sends the first {@code length} bytes of the request buffer to the kernel.
     *
     * @throws SocketTableException if the kernel does not take the whole message
     */
    void send(int length);

    /**
     * Returns the next datagram the kernel has queued for this socket, in native byte order, or {@code null} when none
     * is queued. Never blocks: the kernel answers a {@code SOCK_DIAG} request before {@link #send} returns.
     *
     * @throws SocketTableException if the receive fails or the datagram does not fit the buffer
     */
    ByteBuffer receive();

    /** Closes the socket; idempotent. */
    @Override
    void close();
}
