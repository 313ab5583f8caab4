package io.socketwatch.junit;

import static io.socketwatch.junit.testkit.SharedEchoServer.echoPort;
import static io.socketwatch.junit.testkit.SocketWatchTestKit.assertStatistics;
import static io.socketwatch.junit.testkit.SocketWatchTestKit.failures;
import static io.socketwatch.junit.testkit.SocketWatchTestKit.openedAt;
import static io.socketwatch.junit.testkit.SocketWatchTestKit.run;
import static io.socketwatch.junit.testkit.SocketWatchTestKit.twoChurnedClientEnds;
import static io.socketwatch.junit.testkit.SocketWatchTestKit.verdict;
import static org.assertj.core.api.Assertions.assertThat;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.util.AttributeKey;
import io.socketwatch.SocketWatcher;
import io.socketwatch.testing.NettyNative;
import io.socketwatch.testing.NettyNative.Transport;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.platform.testkit.engine.Events;

/**
 * {@code @SocketWatch} with defaults only, on tests whose Netty clients use the native epoll transport: the agent
 * follows epoll's sockets like the JDK's, so a channel per request fails the churn check, a shared channel passes and
 * counts as reused, and a channel left open after its peer closed fails with the line that connected it. Tagged, as
 * every later test of a JVM that loaded Netty's epoll transport looks for untracked sockets: Surefire runs these tests
 * in a JVM of their own.
 */
@Tag(NettyNative.TAG)
@EnabledOnOs(OS.LINUX)
class NettyEpollExtensionTests {

    @BeforeEach
    void epollAvailable() {
        // loads Netty's epoll classes: the fixtures' default, auto, looks
        NettyNative.assumeAvailable(Transport.EPOLL);
    }

    @Test
    void failsAChannelPerRequestAsChurnNamingTheLineThatConnected() {
        Events tests = run(NettyEpollTestCases.class).testEvents();

        assertThat(failures(tests)).as("failed tests")
                .containsOnlyKeys("aChannelPerRequest()", "leavesAChannelOpenAfterThePeerClosedIt()");
        assertStatistics(tests, stats -> stats.started(3).succeeded(1).failed(2));
        String site = openedAt(NettyEpollTestCases.class, "aChannelPerRequest", "churn");
        assertThat(verdict(tests, "aChannelPerRequest")).startsWith(twoChurnedClientEnds(site));
    }

    @Test
    void failsAChannelLeftOpenAfterThePeerClosedItNamingTheLineThatConnected() {
        Events tests = run(NettyEpollTestCases.class).testEvents();

        // the rest of the message, the same for every CLOSE_WAIT, is ShouldHaveNoConnectionLeakTests' to check
        assertThat(verdict(tests, "leavesAChannelOpenAfterThePeerClosedIt")).startsWith("""

                Expecting socket activity to leak no connection, but 1 connection was leaked:
                  127.0.0.1:<port> -> 127.0.0.1:<port>  client  CLOSE_WAIT  age <age>  0 exchanges  closed by the \
                peer only  %s
                """.formatted(openedAt(NettyEpollTestCases.class, "leavesAChannelOpenAfterThePeerClosedIt",
                "close-wait")));
    }

    /** The look for untracked sockets is for native code other than Netty: turned off, epoll's are still judged. */
    @Test
    void judgesEpollChannelsWithTheLookForUntrackedSocketsOff() {
        Events tests = run(NettyEpollTestCases.class, Map.of(SocketWatch.UNTRACKED_CLOSE_WAIT_PROPERTY, "off"))
                .testEvents();

        assertThat(failures(tests)).as("failed tests")
                .containsOnlyKeys("aChannelPerRequest()", "leavesAChannelOpenAfterThePeerClosedIt()");
    }

    /** Netty epoll clients of the shared loopback echo server, and of a JDK server that closes its end. */
    @SocketWatch(settleTimeout = "300ms")
    static class NettyEpollTestCases {

        private static EventLoopGroup group;

        @BeforeAll
        static void startNetty() {
            group = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
        }

        @Test
        void aChannelPerRequest() throws Exception {
            for (int request = 0; request < 3; request++) {
                Bootstrap bootstrap = EpollClient.bootstrap(group, false);
                Channel channel = bootstrap.connect("127.0.0.1", echoPort()).sync().channel(); // line: churn
                EpollClient.request(channel);
                channel.close().sync();
            }
        }

        @Test
        void sharesOneChannel(SocketWatcher watcher) throws Exception {
            Channel channel = EpollClient.bootstrap(group, false).connect("127.0.0.1", echoPort()).sync().channel();
            for (int request = 0; request < 3; request++) {
                EpollClient.request(channel);
            }
            watcher.assertConnectionReused("127.0.0.1", echoPort());
            channel.close().sync();
        }

        @Test
        void leavesAChannelOpenAfterThePeerClosedIt() throws Exception {
            try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                // with half closure, Netty leaves the close to the handler, which ignores it
                Bootstrap bootstrap = EpollClient.bootstrap(group, true);
                Channel channel = bootstrap.connect(listener.getLocalSocketAddress()).sync().channel(); // line: close-wait
                listener.accept().close();
                EpollClient.awaitPeerClosed(channel);
            }
        }

        /** Stops Netty after the verdicts, closing the channel left open. */
        @AfterAll
        static void stopNetty() throws InterruptedException {
            assertThat(group.shutdownGracefully(0, 1, TimeUnit.SECONDS).await(5, TimeUnit.SECONDS)).isTrue();
        }
    }

    /** A Netty epoll client that sends a request, reads its echo, and notes the peer's close. */
    private static final class EpollClient extends ChannelInboundHandlerAdapter {

        private static final AttributeKey<EpollClient> CLIENT = AttributeKey.valueOf("epollClient");
        private static final byte[] REQUEST = "GET".getBytes(StandardCharsets.US_ASCII);

        private final BlockingQueue<Integer> received = new LinkedBlockingQueue<>();
        private final CompletableFuture<Void> peerClosed = new CompletableFuture<>();

        static Bootstrap bootstrap(EventLoopGroup group, boolean allowHalfClosure) {
            return new Bootstrap().group(group).channel(EpollSocketChannel.class)
                    .option(ChannelOption.ALLOW_HALF_CLOSURE, allowHalfClosure)
                    .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 5_000)
                    .handler(new EpollClient());
        }

        /** Sends one request on {@code channel} and waits at most 5 s for its whole echo. */
        static void request(Channel channel) throws InterruptedException {
            EpollClient client = channel.attr(CLIENT).get();
            channel.writeAndFlush(Unpooled.wrappedBuffer(REQUEST)).sync();
            int echoed = 0;
            while (echoed < REQUEST.length) {
                Integer bytes = client.received.poll(5, TimeUnit.SECONDS);
                if (bytes == null) {
                    throw new AssertionError("no echo within 5 s on " + channel);
                }
                echoed += bytes;
            }
        }

        /** Waits at most 5 s until Netty read the peer's close on {@code channel}. */
        static void awaitPeerClosed(Channel channel) throws Exception {
            channel.attr(CLIENT).get().peerClosed.get(5, TimeUnit.SECONDS);
        }

        @Override
        public void handlerAdded(ChannelHandlerContext context) {
            context.channel().attr(CLIENT).set(this);
        }

        @Override
        public void channelRead(ChannelHandlerContext context, Object message) {
            ByteBuf bytes = (ByteBuf) message;
            received.add(bytes.readableBytes());
            bytes.release();
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
