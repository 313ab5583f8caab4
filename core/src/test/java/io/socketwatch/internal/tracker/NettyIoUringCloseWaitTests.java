package io.socketwatch.internal.tracker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.channel.Channel;
import io.socketwatch.OpeningSite;
import io.socketwatch.SocketActivity;
import io.socketwatch.SocketAssertions;
import io.socketwatch.SocketWatcher.UntrackedSockets;
import io.socketwatch.TcpConnection;
import io.socketwatch.TcpConnection.ClosedFirst;
import io.socketwatch.TcpConnection.Origin;
import io.socketwatch.TcpConnection.Side;
import io.socketwatch.TcpState;
import io.socketwatch.internal.agent.NativeTransports;
import io.socketwatch.internal.os.FourTuple;
import io.socketwatch.testing.NettyNative;
import io.socketwatch.testing.NettyNative.Transport;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/**
 * Real Netty io_uring channels on loopback, the io_uring twin of {@link NettyEpollCloseWaitTests}: the JDK's ends are
 * tracked, Netty's sockets are not (io_uring opens, reads and closes them in the kernel's submission queue), and
 * socketwatch finds the one Netty left in CLOSE_WAIT through the OS table alone. Tagged: once Netty's io_uring classes
 * are loaded, every later window of the JVM looks for untracked sockets, so Surefire runs these tests in a JVM of
 * their own.
 */
@Tag(NettyNative.TAG)
@EnabledOnOs(OS.LINUX)
class NettyIoUringCloseWaitTests {

    private static final Duration SETTLE = Duration.ofMillis(300);

    /** How {@code hasNoCloseWaitLeak} and {@code hasNoConnectionLeak} tell a socket socketwatch does not instrument. */
    private static final String NATIVE_CLOSE_WAIT = "CLOSE_WAIT  closed by the peer only  opened by code socketwatch "
            + "does not instrument (a native transport such as Netty's epoll or io_uring)";

    private ServerSocket server;
    private NettyNative netty;

    @BeforeAll
    static void installAgent() {
        Tracker.install();
        assertThat(Tracker.isInstrumented()).isTrue();
    }

    /** Skips each test, saying why, where io_uring is unavailable (a kernel or seccomp filter may refuse it). */
    @BeforeEach
    void start() throws IOException {
        NettyNative.assumeAvailable(Transport.IO_URING);
        server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        netty = new NettyNative(Transport.IO_URING);
    }

    @AfterEach
    void stop() throws Exception {
        if (netty == null) {
            return; // skipped
        }
        try {
            netty.close();
        } finally {
            server.close();
        }
    }

    /** NativeTransports knows io_uring's classes: the first native transport of this JVM is io_uring. */
    @Test
    void loadingNettysIoUringTransportTurnsTheLookOnForAuto() {
        assertThat(NativeTransports.loaded()).hasValueSatisfying(
                name -> assertThat(name).startsWith("io.netty.channel.uring."));
        assertThat(Tracker.looksForUntracked(UntrackedSockets.AUTO)).isTrue();
    }

    /** A client channel left open in CLOSE_WAIT is found, with its endpoints, and fails hasNoCloseWaitLeak. */
    @Test
    void aChannelLeftOpenAfterThePeerClosedIsReportedAsUntracked() throws Exception {
        // with half closure, Netty leaves the close to the handler, which ignores the peer's
        SocketActivity activity;
        Channel channel;
        FourTuple nettys;
        try (Recording window = Tracker.startRecording(SETTLE, UntrackedSockets.AUTO)) {
            channel = netty.connect(address(), true);
            nettys = NettyNative.tuple(channel);
            server.accept().close();
            NettyNative.awaitPeerClosed(channel);
            activity = window.stop();
        }

        assertThat(channel.isOpen()).as("Netty's channel").isTrue();
        assertThat(untracked(activity)).singleElement().satisfies(found -> {
            assertThat(new FourTuple(found.local(), found.remote())).isEqualTo(nettys);
            assertThat(found.side()).isEqualTo(Side.CLIENT);
            assertThat(found.state()).isEqualTo(TcpState.CLOSE_WAIT);
            assertThat(found.closedFirst()).isEqualTo(ClosedFirst.PEER);
            assertThat(found.isClosed()).isFalse();
            assertThat(found.openingSite()).isEqualTo(OpeningSite.UNKNOWN);
        });
        assertThat(activity.notes()).isEmpty();
        assertThatThrownBy(() -> SocketAssertions.assertThat(activity).hasNoCloseWaitLeak())
                .hasMessage("""

                        Expecting socket activity to leave no connection in CLOSE_WAIT, but 1 connection was closed \
                        by the peer and never by this JVM:
                          %s  client  %s
                              close the channel when the peer closes it, and check the native transport's idle \
                        handling (with Netty, ALLOW_HALF_CLOSURE leaves the close to your handler, and an \
                        IdleStateHandler can close idle channels)
                        A socket in CLOSE_WAIT keeps its file descriptor until this JVM closes it, and the next \
                        request sent on it fails.
                        Fix: close what you open (try-with-resources on sockets, response bodies and JDBC \
                        connections); for pooled connections, keep the pool's idle timeout below the server's \
                        keep-alive timeout.
                        """.formatted(endpoints(nettys), NATIVE_CLOSE_WAIT));
    }

    /** Netty's default closes the channel when it reads the end of the stream: nothing to report, no leak. */
    @Test
    void aChannelNettyClosesOnThePeersCloseIsNoLeak() throws Exception {
        SocketActivity activity;
        Channel channel;
        try (Recording window = Tracker.startRecording(SETTLE, UntrackedSockets.AUTO)) {
            channel = netty.connect(address(), false);
            server.accept().close();
            NettyNative.awaitPeerClosed(channel);
            activity = window.stop();
        }

        assertThat(channel.isOpen()).as("Netty's channel").isFalse();
        assertThat(untracked(activity)).isEmpty();
        assertThat(activity.notes()).isEmpty();
        SocketAssertions.assertThat(activity).hasNoCloseWaitLeak().hasNoConnectionLeak();
    }

    /** Netty as the io_uring server: the socket it accepted is the one left open, and told as the server's end. */
    @Test
    void anAcceptedChannelLeftOpenAfterTheClientClosedIsTheServersEnd() throws Exception {
        Channel listener = netty.listen(true);
        SocketActivity activity;
        FourTuple nettys;
        try (Recording window = Tracker.startRecording(SETTLE, UntrackedSockets.AUTO)) {
            Channel accepted;
            try (Socket client = new Socket(InetAddress.getLoopbackAddress(),
                    ((InetSocketAddress) listener.localAddress()).getPort())) {
                accepted = netty.accepted();
                nettys = NettyNative.tuple(accepted);
            }
            NettyNative.awaitPeerClosed(accepted);
            activity = window.stop();
        }

        assertThat(untracked(activity)).singleElement().satisfies(found -> {
            assertThat(new FourTuple(found.local(), found.remote())).isEqualTo(nettys);
            assertThat(found.side()).isEqualTo(Side.SERVER);
            assertThat(found.state()).isEqualTo(TcpState.CLOSE_WAIT);
        });
        assertThat(activity.connections()).filteredOn(connection -> connection.origin() != Origin.UNTRACKED)
                .singleElement().extracting(TcpConnection::side).isEqualTo(Side.CLIENT);
        assertThatThrownBy(() -> SocketAssertions.assertThat(activity).hasNoConnectionLeak())
                .hasMessageStartingWith("""

                        Expecting socket activity to leak no connection, but 1 connection was leaked:
                          %s  server  %s
                              the peer closed it and this JVM never did (CLOSE_WAIT): close the channel when the \
                        peer closes it, and check the native transport's idle handling (with Netty, \
                        ALLOW_HALF_CLOSURE leaves the close to your handler, and an IdleStateHandler can close \
                        idle channels)
                        """.formatted(endpoints(nettys), NATIVE_CLOSE_WAIT));
    }

    /**
     * A test that is the first of its JVM to use Netty's io_uring transport: {@code AUTO} did not look when its window
     * started, yet the channel it leaves in CLOSE_WAIT is its to answer for. In a child JVM, as this one has loaded
     * io_uring long ago; it shows NativeTransports recognises io_uring's classes on their own, with no epoll class
     * loaded before them.
     */
    @Test
    void aWindowInWhichIoUringIsFirstLoadedLooksToo() throws Exception {
        ChildJvm.Result child = ChildJvm.run(FirstLoadedInTheWindow.class, List.of(
                "-XX:+EnableDynamicAgentLoading", "--enable-native-access=ALL-UNNAMED"));

        assertThat(child.exitCode()).as(child.toString()).isZero();
        assertThat(child.stdout()).as(child.toString()).containsExactly(
                "at the window's start: AUTO looks false",
                "untracked in CLOSE_WAIT: 1, client, notes []",
                "first native transport loaded: io.netty.channel.uring");
    }

    /** Opens a window, then loads Netty's io_uring transport in it and leaves a half-closed channel open. */
    static final class FirstLoadedInTheWindow {
        public static void main(String[] args) throws Exception {
            Tracker.install();
            try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                 Recording window = Tracker.startRecording(SETTLE, UntrackedSockets.AUTO)) {
                System.out.println("at the window's start: AUTO looks "
                        + Tracker.looksForUntracked(UntrackedSockets.AUTO));
                try (NettyNative netty = new NettyNative(Transport.IO_URING)) {
                    Channel channel = netty.connect(
                            new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getLocalPort()), true);
                    server.accept().close();
                    NettyNative.awaitPeerClosed(channel);
                    SocketActivity activity = window.stop();
                    List<TcpConnection> found = untracked(activity);
                    System.out.println("untracked in CLOSE_WAIT: " + found.size() + ", " + found.stream()
                            .map(c -> c.side().name().toLowerCase(Locale.ROOT)).findFirst().orElse("-")
                            + ", notes " + activity.notes());
                }
            }
            System.out.println("first native transport loaded: " + NativeTransports.loaded()
                    .map(name -> name.substring(0, name.lastIndexOf('.'))).orElse("none"));
        }
    }

    private InetSocketAddress address() {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getLocalPort());
    }

    /** Netty's endpoints as the assertions' messages print them: {@code 127.0.0.1:50001 -> 127.0.0.1:8080}. */
    private static String endpoints(FourTuple nettys) {
        return "127.0.0.1:" + nettys.local().getPort() + " -> 127.0.0.1:" + nettys.remote().getPort();
    }

    private static List<TcpConnection> untracked(SocketActivity activity) {
        return activity.connections().stream().filter(c -> c.origin() == Origin.UNTRACKED).toList();
    }
}
