package io.socketwatch.internal.tracker;

import io.socketwatch.testing.NettyNative.Transport;

/** {@link NativeTransportCloseWaitTests} on Netty's epoll transport. */
class NettyEpollCloseWaitTests extends NativeTransportCloseWaitTests {

    NettyEpollCloseWaitTests() {
        super(Transport.EPOLL, "io.netty.channel.epoll");
    }
}
