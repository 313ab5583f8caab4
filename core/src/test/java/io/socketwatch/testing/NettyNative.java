package io.socketwatch.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.channel.uring.IoUring;
import io.netty.channel.uring.IoUringIoHandler;
import io.netty.channel.uring.IoUringServerSocketChannel;
import io.netty.channel.uring.IoUringSocketChannel;
import io.netty.util.AttributeKey;
import io.socketwatch.internal.os.FourTuple;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Locale;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Netty clients and servers on one of its native transports (epoll, io_uring), whose sockets are opened, read and
 * closed in native code: socketwatch's agent never sees them. One event loop thread, shut down by {@link #close()}
 * within a bounded time.
 *
 * <p>Using a {@link Transport} loads that transport's classes, and only its: a {@link Transport} constant names them
 * in its own methods, which the JVM resolves when they first run. Loading them turns socketwatch's look for untracked
 * sockets in CLOSE_WAIT on ({@code AUTO}) for the rest of the JVM: use this class only in tests tagged {@value #TAG},
 * which Surefire runs in JVMs of their own, one per test class.
 */
public final class NettyNative implements AutoCloseable {

    /** The tag of tests that load a native transport. */
    public static final String TAG = "native-transport";

    /** The channel's peer-closed future: an attribute outlives the pipeline's handlers, which a close removes. */
    private static final AttributeKey<CompletableFuture<Void>> PEER_CLOSED = AttributeKey.valueOf("peerClosed");

    /** A Netty native transport: its event loop and channel classes. */
    public enum Transport {
        EPOLL {
            @Override
            boolean isAvailable() {
                return Epoll.isAvailable();
            }

            @Override
            Throwable unavailabilityCause() {
                return Epoll.unavailabilityCause();
            }

            @Override
            IoHandlerFactory ioHandlerFactory() {
                return EpollIoHandler.newFactory();
            }

            @Override
            Class<? extends Channel> socketChannel() {
                return EpollSocketChannel.class;
            }

            @Override
            Class<? extends ServerChannel> serverSocketChannel() {
                return EpollServerSocketChannel.class;
            }
        },
        IO_URING {
            @Override
            boolean isAvailable() {
                return IoUring.isAvailable();
            }

            @Override
            Throwable unavailabilityCause() {
                return IoUring.unavailabilityCause();
            }

            @Override
            IoHandlerFactory ioHandlerFactory() {
                return IoUringIoHandler.newFactory();
            }

            @Override
            Class<? extends Channel> socketChannel() {
                return IoUringSocketChannel.class;
            }

            @Override
            Class<? extends ServerChannel> serverSocketChannel() {
                return IoUringServerSocketChannel.class;
            }
        };

        abstract boolean isAvailable();

        abstract Throwable unavailabilityCause();

        abstract IoHandlerFactory ioHandlerFactory();

        abstract Class<? extends Channel> socketChannel();

        abstract Class<? extends ServerChannel> serverSocketChannel();
    }

    private final Transport transport;
    private final EventLoopGroup group;
    private final BlockingQueue<Channel> accepted = new LinkedBlockingQueue<>();

    /** Starts an event loop of {@code transport}, which must be available here. */
    public NettyNative(Transport transport) {
        this.transport = transport;
        this.group = new MultiThreadIoEventLoopGroup(1, transport.ioHandlerFactory());
    }

    /**
     * Skips the calling test, saying why, where Netty's {@code transport} cannot run (not Linux, no native library,
     * or, for io_uring, a kernel or seccomp filter that refuses it).
     */
    public static void assumeAvailable(Transport transport) {
        assumeTrue(transport.isAvailable(), () -> "Netty's native " + transport.name().toLowerCase(Locale.ROOT)
                + " transport is unavailable here: " + transport.unavailabilityCause());
    }

    /**
     * Connects to {@code server}. With {@code allowHalfClosure}, the channel stays open when the peer closes (Netty
     * tells the handlers with a {@link ChannelInputShutdownEvent}, which this client ignores), so its socket sits in
     * CLOSE_WAIT; without, Netty closes the channel when it reads the end of the stream, its default.
     */
    public Channel connect(InetSocketAddress server, boolean allowHalfClosure) throws InterruptedException {
        return new Bootstrap()
                .group(group)
                .channel(transport.socketChannel())
                .option(ChannelOption.ALLOW_HALF_CLOSURE, allowHalfClosure)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 5_000)
                .handler(new PeerCloseHandler())
                .connect(server)
                .sync()
                .channel();
    }

    /**
     * Listens on loopback, on an ephemeral port; each channel it accepts stays open or not when its peer closes, as
     * {@code allowHalfClosure} says (see {@link #connect}), and is handed out by {@link #accepted()}.
     */
    public Channel listen(boolean allowHalfClosure) throws InterruptedException {
        return new ServerBootstrap()
                .group(group)
                .channel(transport.serverSocketChannel())
                .childOption(ChannelOption.ALLOW_HALF_CLOSURE, allowHalfClosure)
                .childHandler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel channel) {
                        channel.pipeline().addLast(new PeerCloseHandler());
                        accepted.add(channel);
                    }
                })
                .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                .sync()
                .channel();
    }

    /** Returns the next channel a {@link #listen} server accepted, waiting at most 5 s for it. */
    public Channel accepted() throws InterruptedException {
        Channel channel = accepted.poll(5, TimeUnit.SECONDS);
        if (channel == null) {
            throw new AssertionError("Netty accepted no connection within 5 s");
        }
        return channel;
    }

    /** The local and remote endpoint of a connected {@code channel}. */
    public static FourTuple tuple(Channel channel) {
        return new FourTuple((InetSocketAddress) channel.localAddress(), (InetSocketAddress) channel.remoteAddress());
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

    /** Notes when Netty has read the peer's close, and does nothing about it. */
    private static final class PeerCloseHandler extends ChannelInboundHandlerAdapter {

        private final CompletableFuture<Void> peerClosed = new CompletableFuture<>();

        @Override
        public void handlerAdded(ChannelHandlerContext context) {
            context.channel().attr(PEER_CLOSED).set(peerClosed);
        }

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
    }
}
