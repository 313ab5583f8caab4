package io.socketwatch.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.util.AttributeKey;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Netty clients on its native epoll transport, whose sockets are opened, read and closed in native code: socketwatch's
 * agent never sees them. One event loop thread, shut down by {@link #close()} within a bounded time.
 *
 * <p>Loading this class loads Netty's epoll classes, which turns socketwatch's look for untracked sockets in
 * CLOSE_WAIT on ({@code AUTO}) for the rest of the JVM: use it only in tests tagged {@value #TAG}, which Surefire runs
 * in a JVM of their own.
 */
public final class NettyEpollClient implements AutoCloseable {

    /** The tag of tests that load a native transport. */
    public static final String TAG = "native-transport";

    private static final AttributeKey<CompletableFuture<Void>> PEER_CLOSED = AttributeKey.valueOf("peerClosed");

    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());

    /** Skips the calling test, saying why, where Netty's epoll transport cannot run (not Linux, no native library). */
    public static void assumeAvailable() {
        assumeTrue(Epoll.isAvailable(), () -> "Netty's native epoll transport is unavailable here: "
                + Epoll.unavailabilityCause());
    }

    /**
     * Connects to {@code server}. With {@code allowHalfClosure}, the channel stays open when the peer closes (Netty
     * tells the handlers with a {@link ChannelInputShutdownEvent}, which this client ignores), so its socket sits in
     * CLOSE_WAIT; without, Netty closes the channel when it reads the end of the stream, its default.
     */
    public Channel connect(InetSocketAddress server, boolean allowHalfClosure) throws InterruptedException {
        CompletableFuture<Void> peerClosed = new CompletableFuture<>();
        Channel channel = new Bootstrap()
                .group(group)
                .channel(EpollSocketChannel.class)
                .option(ChannelOption.ALLOW_HALF_CLOSURE, allowHalfClosure)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 5_000)
                .attr(PEER_CLOSED, peerClosed)
                .handler(new ChannelInboundHandlerAdapter() {
                    @Override
                    public void userEventTriggered(ChannelHandlerContext context, Object event) {
                        if (event == ChannelInputShutdownEvent.INSTANCE) {
                            peerClosed.complete(null); // and nothing else: the channel stays open
                        }
                        context.fireUserEventTriggered(event);
                    }

                    @Override
                    public void channelInactive(ChannelHandlerContext context) {
                        peerClosed.complete(null);
                        context.fireChannelInactive();
                    }
                })
                .connect(server)
                .sync()
                .channel();
        if (!(channel instanceof EpollSocketChannel)) {
            throw new AssertionError("not an epoll channel: " + channel);
        }
        return channel;
    }

    /**
     * Waits, for at most 5 s, until Netty has read the peer's close on {@code channel}: it then either closed the
     * channel or, with half closure allowed, left it open in CLOSE_WAIT.
     */
    public static void awaitPeerClosed(Channel channel) throws Exception {
        try {
            channel.attr(PEER_CLOSED).get().get(5, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            throw new AssertionError("Netty did not read the peer's close within 5 s: " + channel, e);
        }
    }

    /** Shuts the event loop down, closing every channel left open, and waits at most 5 s for it. */
    @Override
    public void close() throws InterruptedException {
        if (!group.shutdownGracefully(0, 1, TimeUnit.SECONDS).await(5, TimeUnit.SECONDS)) {
            throw new AssertionError("Netty's event loop did not shut down within 5 s");
        }
    }
}
