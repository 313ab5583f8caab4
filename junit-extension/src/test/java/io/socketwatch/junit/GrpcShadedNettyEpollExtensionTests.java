package io.socketwatch.junit;

import static io.socketwatch.junit.testkit.SharedEchoServer.echoPort;
import static io.socketwatch.junit.testkit.SocketWatchTestKit.assertStatistics;
import static io.socketwatch.junit.testkit.SocketWatchTestKit.failures;
import static io.socketwatch.junit.testkit.SocketWatchTestKit.openedAt;
import static io.socketwatch.junit.testkit.SocketWatchTestKit.run;
import static io.socketwatch.junit.testkit.SocketWatchTestKit.twoChurnedClientEnds;
import static io.socketwatch.junit.testkit.SocketWatchTestKit.verdict;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.grpc.netty.shaded.io.netty.bootstrap.Bootstrap;
import io.grpc.netty.shaded.io.netty.buffer.ByteBuf;
import io.grpc.netty.shaded.io.netty.buffer.Unpooled;
import io.grpc.netty.shaded.io.netty.channel.Channel;
import io.grpc.netty.shaded.io.netty.channel.ChannelHandlerContext;
import io.grpc.netty.shaded.io.netty.channel.ChannelInboundHandlerAdapter;
import io.grpc.netty.shaded.io.netty.channel.EventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.MultiThreadIoEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.epoll.Epoll;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollIoHandler;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollSocketChannel;
import io.socketwatch.SocketWatcher;
import io.socketwatch.testing.NettyNative;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
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
 * {@code @SocketWatch} on tests whose clients use the epoll transport of gRPC's shaded copy of Netty ({@code
 * io.grpc.netty.shaded.io.netty}), as gRPC's Netty transport does on Linux: the agent hooks its classes under their
 * shaded names, so a channel per request fails the churn check with the line that connected it, and a shared channel
 * passes as reused. Tagged, as loading a native transport turns the look for untracked sockets on for the JVM.
 */
@Tag(NettyNative.TAG)
@EnabledOnOs(OS.LINUX)
class GrpcShadedNettyEpollExtensionTests {

    @BeforeEach
    void shadedEpollAvailable() {
        assumeTrue(Epoll.isAvailable(), () -> "gRPC's shaded epoll is unavailable here: " + Epoll.unavailabilityCause());
    }

    @Test
    void failsAChannelPerRequestAsChurnNamingTheLineThatConnected() {
        Events tests = run(ShadedEpollTestCases.class).testEvents();

        assertThat(failures(tests)).as("failed tests").containsOnlyKeys("aChannelPerRequest()");
        assertStatistics(tests, stats -> stats.started(2).succeeded(1).failed(1));
        assertThat(verdict(tests, "aChannelPerRequest"))
                .startsWith(twoChurnedClientEnds(openedAt(ShadedEpollTestCases.class, "aChannelPerRequest", "churn")));
    }

    /** Clients of the shared loopback echo server on gRPC's shaded epoll transport. */
    @SocketWatch(settleTimeout = "300ms")
    static class ShadedEpollTestCases {

        private static final byte[] REQUEST = "GET".getBytes(StandardCharsets.US_ASCII);
        private static final BlockingQueue<Integer> RECEIVED = new LinkedBlockingQueue<>();
        private static EventLoopGroup group;

        @BeforeAll
        static void startNetty() {
            group = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
        }

        @Test
        void aChannelPerRequest() throws Exception {
            for (int request = 0; request < 3; request++) {
                Channel channel = bootstrap().connect("127.0.0.1", echoPort()).sync().channel(); // line: churn
                request(channel);
                channel.close().sync();
            }
        }

        @Test
        void sharesOneChannel(SocketWatcher watcher) throws Exception {
            Channel channel = bootstrap().connect("127.0.0.1", echoPort()).sync().channel();
            for (int request = 0; request < 3; request++) {
                request(channel);
            }
            watcher.assertConnectionReused("127.0.0.1", echoPort());
            channel.close().sync();
        }

        private static Bootstrap bootstrap() {
            return new Bootstrap().group(group).channel(EpollSocketChannel.class)
                    .handler(new ChannelInboundHandlerAdapter() {
                        @Override
                        public void channelRead(ChannelHandlerContext context, Object message) {
                            ByteBuf bytes = (ByteBuf) message;
                            RECEIVED.add(bytes.readableBytes());
                            bytes.release();
                        }
                    });
        }

        /** Sends one request on {@code channel} and waits at most 5 s for its whole echo. */
        private static void request(Channel channel) throws InterruptedException {
            channel.writeAndFlush(Unpooled.wrappedBuffer(REQUEST)).sync();
            for (int echoed = 0; echoed < REQUEST.length; ) {
                Integer bytes = RECEIVED.poll(5, TimeUnit.SECONDS);
                assertThat(bytes).as("echo within 5 s on %s", channel).isNotNull();
                echoed += bytes;
            }
        }

        @AfterAll
        static void stopNetty() throws InterruptedException {
            assertThat(group.shutdownGracefully(0, 1, TimeUnit.SECONDS).await(5, TimeUnit.SECONDS)).isTrue();
        }
    }
}
