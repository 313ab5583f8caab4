package io.socketwatch.internal.tracker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.channel.Channel;
import io.socketwatch.SocketAssertions;
import io.socketwatch.internal.agent.NativeTransports;
import io.socketwatch.internal.os.FourTuple;
import io.socketwatch.model.OpeningSite;
import io.socketwatch.model.SocketActivity;
import io.socketwatch.model.TcpConnection;
import io.socketwatch.model.TcpConnection.ClosedFirst;
import io.socketwatch.model.TcpConnection.Origin;
import io.socketwatch.model.TcpConnection.Side;
import io.socketwatch.model.TcpState;
import io.socketwatch.model.UntrackedSockets;
import io.socketwatch.testing.ChildJvm;
import io.socketwatch.testing.NettyNative;
import io.socketwatch.testing.NettyNative.Transport;
import java.io.IOException;
import java.lang.ref.WeakReference;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.function.ThrowingConsumer;

/**
 * Real Netty channels of one native transport on loopback, against a JDK server or client: the JDK's ends are tracked,
 * Netty's sockets are not (they are opened, read and closed in native code), and socketwatch finds the one Netty left
 * in CLOSE_WAIT through the OS table alone. One subclass per transport. Tagged: once a transport's classes are loaded,
 * every later window of the JVM looks for untracked sockets, and the first one loaded is the one
 * {@link NativeTransports} names, so Surefire runs each subclass in a JVM of its own.
 */
@Tag(NettyNative.TAG)
@EnabledOnOs(OS.LINUX)
abstract class NativeTransportCloseWaitTests {

    private static final Duration SETTLE = Duration.ofMillis(300);
    /** The system property that tells {@link FirstLoadedInTheWindow} which transport to load. */
    private static final String TRANSPORT_PROPERTY = "socketwatch.test.transport";

    /** How {@code hasNoCloseWaitLeak} and {@code hasNoConnectionLeak} tell a socket socketwatch does not instrument. */
    private static final String NATIVE_CLOSE_WAIT = "CLOSE_WAIT  closed by the peer only  opened by code socketwatch "
            + "does not instrument (a native transport such as Netty's epoll or io_uring)";

    private final Transport transport;
    /** The package of the transport's classes, e.g. {@code io.netty.channel.epoll}. */
    private final String transportPackage;
    private ServerSocket server;
    private NettyNative netty;

    NativeTransportCloseWaitTests(Transport transport, String transportPackage) {
        this.transport = transport;
        this.transportPackage = transportPackage;
    }

    @BeforeAll
    static void installAgent() {
        Recordings.install();
        assertThat(Recordings.isInstrumented()).isTrue();
    }

    /** Skips each test, saying why, where the transport is unavailable: Surefire shows no reason for a skipped class. */
    @BeforeEach
    void start() throws IOException {
        NettyNative.assumeAvailable(transport);
        server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        netty = new NettyNative(transport);
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

    /**
     * {@code Bootstrap.connect} notes the caller's site and window for the event loop's connect of a NIO channel; a
     * native channel is connected in native code, for which nothing waits: noted, it would keep its window reachable.
     */
    @Test
    void aNativeChannelConnectedInAWindowLeavesNothingThatKeepsTheWindow() throws Exception {
        Recording window = Recordings.startRecording(SETTLE);
        netty.connect(address(), false).close().sync();
        window.stop();
        WeakReference<Recording> stopped = new WeakReference<>(window);
        window = null;
        for (int attempt = 0; attempt < 20 && stopped.get() != null; attempt++) {
            System.gc();
            Thread.sleep(10); // a bounded poll: the collector clears the reference when it gets to it
        }
        assertThat(stopped.get()).as("the stopped window").isNull();
    }

    /** NativeTransports knows the transport's classes: the first native transport of this JVM is this one. */
    @Test
    void loadingTheTransportTurnsTheLookOnForAuto() {
        assertThat(NativeTransports.loaded()).hasValueSatisfying(
                name -> assertThat(name).startsWith(transportPackage + "."));
        assertThat(Recordings.looksForUntracked(UntrackedSockets.AUTO)).isTrue();
    }

    /** A client channel left open in CLOSE_WAIT is found, with its endpoints, and fails hasNoCloseWaitLeak. */
    @Test
    void aChannelLeftOpenAfterThePeerClosedIsReportedAsUntracked() throws Throwable {
        // with half closure, Netty leaves the close to the handler, which ignores the peer's
        PeerClosed window = windowInWhichThePeerCloses(true, channel -> { });

        assertThat(window.channel().isOpen()).as("Netty's channel").isTrue();
        assertThat(untracked(window.activity())).singleElement().satisfies(found -> {
            assertThat(new FourTuple(found.local(), found.remote())).isEqualTo(window.nettys());
            assertThat(found.side()).isEqualTo(Side.CLIENT);
            assertThat(found.state()).isEqualTo(TcpState.CLOSE_WAIT);
            assertThat(found.closedFirst()).isEqualTo(ClosedFirst.PEER);
            assertThat(found.isClosed()).isFalse();
            assertThat(found.openingSite()).isEqualTo(OpeningSite.UNKNOWN);
        });
        assertThat(window.activity().notes()).isEmpty();
        assertTheTrackerSawOnlyTheServersEnd(window);
        // the rest of the message, the same for every CLOSE_WAIT, is ShouldHaveNoCloseWaitLeakTests' to check
        assertThatThrownBy(() -> SocketAssertions.assertThat(window.activity()).hasNoCloseWaitLeak())
                .isExactlyInstanceOf(AssertionError.class)
                .hasMessageStartingWith("""

                        Expecting socket activity to leave no connection in CLOSE_WAIT, but 1 connection was closed \
                        by the peer and never by this JVM:
                          %s  client  %s
                              close the channel when the peer closes it, and check the native transport's idle \
                        handling (with Netty, ALLOW_HALF_CLOSURE leaves the close to your handler, and an \
                        IdleStateHandler can close idle channels)
                        """.formatted(endpoints(window.nettys()), NATIVE_CLOSE_WAIT));
    }

    /** Netty's default closes the channel when it reads the end of the stream: nothing to report, no leak. */
    @Test
    void aChannelNettyClosesOnThePeersCloseIsNoLeak() throws Throwable {
        PeerClosed window = windowInWhichThePeerCloses(false, channel -> { });

        assertThat(window.channel().isOpen()).as("Netty's channel").isFalse();
        assertThat(untracked(window.activity())).isEmpty();
        assertThat(window.activity().notes()).isEmpty();
        assertTheTrackerSawOnlyTheServersEnd(window);
        SocketAssertions.assertThat(window.activity()).hasNoCloseWaitLeak().hasNoConnectionLeak();
    }

    @Test
    void aHalfClosedChannelTheHandlerClosesIsNoLeak() throws Throwable {
        PeerClosed window = windowInWhichThePeerCloses(true,
                channel -> assertThat(channel.close().await(5, TimeUnit.SECONDS)).isTrue());

        assertThat(untracked(window.activity())).isEmpty();
        assertThat(window.activity().notes()).isEmpty();
    }

    /** Netty as the server: the socket it accepted is the one left open, and told as the server's end. */
    @Test
    void anAcceptedChannelLeftOpenAfterTheClientClosedIsTheServersEnd() throws Exception {
        Channel listener = netty.listen(true);
        SocketActivity activity;
        FourTuple nettys;
        try (Recording window = Recordings.startRecording(SETTLE, UntrackedSockets.AUTO)) {
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

    @Test
    void aChannelAlreadyInCloseWaitWhenTheWindowStartsIsItsBaseline() throws Exception {
        Channel channel = netty.connect(address(), true);
        server.accept().close();
        NettyNative.awaitPeerClosed(channel);

        try (Recording window = Recordings.startRecording(SETTLE, UntrackedSockets.AUTO)) {
            assertThat(untracked(window.stop())).isEmpty();
        }
        assertThat(channel.isOpen()).isTrue();
    }

    /**
     * A test that is the first of its JVM to use the transport: {@code AUTO} did not look when its window started, yet
     * the channel it leaves in CLOSE_WAIT is its to answer for. In a child JVM, as this one has loaded the transport
     * long ago; it also shows NativeTransports recognises the transport's classes with no other transport loaded.
     */
    @Test
    void aWindowInWhichTheTransportIsFirstLoadedLooksToo() throws Exception {
        ChildJvm.Result child = ChildJvm.run(FirstLoadedInTheWindow.class, List.of(
                "-XX:+EnableDynamicAgentLoading", "--enable-native-access=ALL-UNNAMED",
                "-D" + TRANSPORT_PROPERTY + "=" + transport.name()));

        assertThat(child.exitCode()).as(child.toString()).isZero();
        assertThat(child.stdout()).as(child.toString()).containsExactly(
                "at the window's start: AUTO looks false",
                "untracked in CLOSE_WAIT: 1, client, notes []",
                "first native transport loaded: " + transportPackage);
    }

    /** Opens a window, then loads the transport in it and leaves a half-closed channel open. */
    static final class FirstLoadedInTheWindow {
        public static void main(String[] args) throws Exception {
            Transport transport = Transport.valueOf(System.getProperty(TRANSPORT_PROPERTY));
            Recordings.install();
            try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                 Recording window = Recordings.startRecording(SETTLE, UntrackedSockets.AUTO)) {
                System.out.println("at the window's start: AUTO looks "
                        + Recordings.looksForUntracked(UntrackedSockets.AUTO));
                try (NettyNative netty = new NettyNative(transport)) {
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

    /** What a window saw: Netty's channel, its 4-tuple while it was open, and the activity. */
    private record PeerClosed(SocketActivity activity, Channel channel, FourTuple nettys) {
    }

    /**
     * Records a window in which a Netty client connects to the JDK server, the server closes its end, Netty reads
     * that close, and then {@code theClient} does what it does.
     */
    private PeerClosed windowInWhichThePeerCloses(boolean allowHalfClosure, ThrowingConsumer<Channel> theClient)
            throws Throwable {
        try (Recording window = Recordings.startRecording(SETTLE, UntrackedSockets.AUTO)) {
            Channel channel = netty.connect(address(), allowHalfClosure);
            FourTuple nettys = NettyNative.tuple(channel);
            server.accept().close();
            NettyNative.awaitPeerClosed(channel);
            theClient.accept(channel);
            return new PeerClosed(window.stop(), channel, nettys);
        }
    }

    /** Only the JDK server's accepted end is tracked; Netty's socket never passed through the JDK's socket classes. */
    private static void assertTheTrackerSawOnlyTheServersEnd(PeerClosed window) {
        List<TcpConnection> tracked = window.activity().connections().stream()
                .filter(connection -> connection.origin() != Origin.UNTRACKED).toList();
        assertThat(tracked).singleElement().satisfies(serverEnd -> {
            assertThat(serverEnd.side()).isEqualTo(Side.SERVER);
            assertThat(new FourTuple(serverEnd.remote(), serverEnd.local())).isEqualTo(window.nettys());
        });
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
