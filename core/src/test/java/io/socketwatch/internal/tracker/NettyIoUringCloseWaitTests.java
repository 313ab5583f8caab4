package io.socketwatch.internal.tracker;

import io.socketwatch.testing.NettyNative.Transport;

/**
 * {@link NativeTransportCloseWaitTests} on Netty's io_uring transport, which opens, reads and closes its sockets in the
 * kernel's submission queue; skipped where a kernel or seccomp filter refuses io_uring.
 */
class NettyIoUringCloseWaitTests extends NativeTransportCloseWaitTests {

    NettyIoUringCloseWaitTests() {
        super(Transport.IO_URING, "io.netty.channel.uring");
    }
}
