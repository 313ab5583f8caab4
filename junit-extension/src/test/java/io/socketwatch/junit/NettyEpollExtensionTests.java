package io.socketwatch.junit;

import static io.socketwatch.junit.testkit.SocketWatchTestKit.UNTRACKED_CLIENT_IN_CLOSE_WAIT;
import static io.socketwatch.junit.testkit.SocketWatchTestKit.assertStatistics;
import static io.socketwatch.junit.testkit.SocketWatchTestKit.failures;
import static io.socketwatch.junit.testkit.SocketWatchTestKit.run;
import static io.socketwatch.junit.testkit.SocketWatchTestKit.verdict;
import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.Channel;
import io.socketwatch.testing.NettyNative;
import io.socketwatch.testing.NettyNative.Transport;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.Map;
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
 * {@code @SocketWatch} with defaults only, on tests whose Netty clients use the native epoll transport: loading it
 * turns the look for untracked sockets in CLOSE_WAIT on, and a channel left open after its peer closed fails the test
 * that left it. Tagged, as every later test of a JVM that loaded Netty's epoll transport looks for such sockets:
 * Surefire runs these tests in a JVM of their own.
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
    void failsATestThatLeavesAChannelOpenAfterThePeerClosedIt() {
        Events tests = run(NettyEpollTestCases.class).testEvents();

        assertThat(failures(tests)).as("failed tests").containsOnlyKeys("leavesAChannelOpenAfterThePeerClosedIt()");
        assertStatistics(tests, stats -> stats.started(3).succeeded(2).failed(1));
        assertThat(verdict(tests, "leavesAChannelOpenAfterThePeerClosedIt")).startsWith(UNTRACKED_CLIENT_IN_CLOSE_WAIT);
    }

    @Test
    void looksForNothingWhenTurnedOffEvenWithNettyLoaded() {
        assertStatistics(run(NettyEpollTestCases.class, Map.of(SocketWatch.UNTRACKED_CLOSE_WAIT_PROPERTY, "off"))
                .testEvents(), stats -> stats.started(3).succeeded(3));
    }

    /** Netty epoll clients of a JDK server on loopback; the server closes its end of each connection. */
    @SocketWatch(settleTimeout = "300ms")
    static class NettyEpollTestCases {

        private static NettyNative netty;

        @BeforeAll
        static void startNetty() {
            netty = new NettyNative(Transport.EPOLL);
        }

        @Test
        void leavesAChannelOpenAfterThePeerClosedIt() throws Exception {
            peerCloses(true); // with half closure, Netty leaves the close to the handler, which ignores it
        }

        @Test
        void letsNettyCloseTheChannelWhenThePeerClosesIt() throws Exception {
            peerCloses(false); // Netty's default
        }

        @Test
        void closesTheChannelWhenThePeerClosesIt() throws Exception {
            assertThat(peerCloses(true).close().await(5, TimeUnit.SECONDS)).isTrue();
        }

        /** Stops Netty after the verdicts, closing the channel left open. */
        @AfterAll
        static void stopNetty() throws InterruptedException {
            netty.close();
        }

        private static Channel peerCloses(boolean allowHalfClosure) throws Exception {
            try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                Channel channel = netty.connect((InetSocketAddress) listener.getLocalSocketAddress(), allowHalfClosure);
                listener.accept().close();
                NettyNative.awaitPeerClosed(channel);
                return channel;
            }
        }
    }
}
