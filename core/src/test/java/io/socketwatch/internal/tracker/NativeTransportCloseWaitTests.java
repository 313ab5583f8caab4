package io.socketwatch.internal.tracker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

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
 * Real Netty channels of one native transport on loopback, against a JDK server or client: Netty's sockets, opened,
 * read and closed in native code, are followed like the JDK's through the transport's Java socket objects, with the
 * line that connected them, and are no longer also found as untracked sockets in CLOSE_WAIT. One subclass per
 * transport. Tagged: once a transport's classes are loaded,
 * every later window of the JVM looks for untracked sockets, and the first one loaded is the one
 * {@link NativeTransports} names, so Surefire runs each subclass in a JVM of its own.
 */
@Tag(NettyNative.TAG)
@EnabledOnOs(OS.LINUX)
abstract class NativeTransportCloseWaitTests {

    private static final Duration SETTLE = Duration.ofMillis(300);
    /** The system property that tells {@link FirstLoadedInTheWindow} which transport to load. */
    private static final String TRANSPORT_PROPERTY = "socketwatch.test.transport";

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
     * {@code Bootstrap.connect} notes the caller's site and window for the event loop's connect of a channel; the
     * transport's connect takes the note: nothing is left that keeps the window reachable.
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

    /**
     * A client channel left open in CLOSE_WAIT is followed from its connect: the agent hooks the transport's Java
     * socket, so the connection has its opening site and is no longer also reported as untracked.
     */
    @Test
    void aChannelLeftOpenAfterThePeerClosedIsTrackedWithItsOpeningSite() throws Throwable {
        // with half closure, Netty leaves the close to the handler, which ignores the peer's
        PeerClosed window = windowInWhichThePeerCloses(true, channel -> { });

        assertThat(window.channel().isOpen()).as("Netty's channel").isTrue();
        assertThat(untracked(window.activity())).isEmpty();
        assertThat(nettysEnd(window.activity(), window.nettys())).satisfies(nettys -> {
            assertThat(nettys.side()).isEqualTo(Side.CLIENT);
            assertThat(nettys.origin()).isEqualTo(Origin.WINDOW);
            assertThat(nettys.state()).isEqualTo(TcpState.CLOSE_WAIT);
            assertThat(nettys.closedFirst()).isEqualTo(peerCloseSeen());
            assertThat(nettys.isClosed()).isFalse();
            assertThat(nettys.openingSite().frame().getClassName()).isEqualTo(NettyNative.class.getName());
            assertThat(nettys.openingSite().frame().getMethodName()).isEqualTo("connect");
        });
        assertThat(window.activity().notes()).isEmpty();
        // the rest of the message, the same for every CLOSE_WAIT, is ShouldHaveNoCloseWaitLeakTests' to check
        Throwable failure = catchThrowable(() -> SocketAssertions.assertThat(window.activity()).hasNoCloseWaitLeak());
        assertThat(failure).isExactlyInstanceOf(AssertionError.class);
        assertThat(failure.getMessage().replaceAll("age (?:<1|\\d+(?:\\.\\d+)?) (?:ms|s)", "age <age>"))
                .startsWith("""

                        Expecting socket activity to leave no connection in CLOSE_WAIT, but 1 connection was closed \
                        by the peer and never by this JVM:
                          %s  client  CLOSE_WAIT  age <age>  0 exchanges  closed by the peer only  opened at \
                        %s.connect(NettyNative.java:
                        """.formatted(endpoints(window.nettys()), NettyNative.class.getName()).stripTrailing());
    }

    /**
     * A channel per request, each closed by this JVM: each leaves TIME_WAIT on Netty's end, followed from the line that
     * connected it, and the churn check fails.
     */
    @Test
    void aChannelPerRequestClosedByThisJvmIsChurn() throws Exception {
        SocketActivity activity;
        try (Recording window = Recordings.startRecording(SETTLE, UntrackedSockets.AUTO)) {
            for (int request = 0; request < 3; request++) {
                Channel channel = netty.connect(address(), false);
                try (Socket accepted = server.accept()) {
                    assertThat(channel.close().await(5, TimeUnit.SECONDS)).isTrue();
                    assertThat(accepted.getInputStream().read()).as("the end of Netty's stream").isEqualTo(-1);
                }
            }
            activity = window.stop();
        }

        assertThat(activity.connections()).filteredOn(connection -> connection.side() == Side.CLIENT)
                .hasSize(3).allSatisfy(nettys -> {
                    assertThat(nettys.state()).isEqualTo(TcpState.TIME_WAIT);
                    assertThat(nettys.closedFirst()).isEqualTo(ClosedFirst.THIS_JVM);
                    assertThat(nettys.openingSite().frame().getClassName()).isEqualTo(NettyNative.class.getName());
                });
        assertThatThrownBy(() -> SocketAssertions.assertThat(activity).hasNoTimeWaitLeak())
                .isExactlyInstanceOf(AssertionError.class)
                .hasMessageStartingWith("""

                        Expecting socket activity to leave no TIME_WAIT behind from connection churn, but 2 \
                        connections were closed, replaced by a new connection to the same endpoint, and left in \
                        TIME_WAIT:""");
    }

    /** Netty's default closes the channel when it reads the end of the stream: nothing to report, no leak. */
    @Test
    void aChannelNettyClosesOnThePeersCloseIsNoLeak() throws Throwable {
        PeerClosed window = windowInWhichThePeerCloses(false, channel -> { });

        assertThat(window.channel().isOpen()).as("Netty's channel").isFalse();
        assertThat(untracked(window.activity())).isEmpty();
        assertThat(window.activity().notes()).isEmpty();
        assertThat(nettysEnd(window.activity(), window.nettys())).satisfies(nettys -> {
            assertThat(nettys.isClosed()).as("closed by Netty").isTrue();
            if (transport == Transport.EPOLL) { // io_uring's end of stream is not seen: its close looks the first
                assertThat(nettys.closedFirst()).isEqualTo(ClosedFirst.PEER);
            }
        });
        SocketAssertions.assertThat(window.activity()).hasNoCloseWaitLeak().hasNoConnectionLeak();
    }

    @Test
    void aHalfClosedChannelTheHandlerClosesIsNoLeak() throws Throwable {
        PeerClosed window = windowInWhichThePeerCloses(true,
                channel -> assertThat(channel.close().await(5, TimeUnit.SECONDS)).isTrue());

        assertThat(untracked(window.activity())).isEmpty();
        assertThat(window.activity().notes()).isEmpty();
    }

    /** Netty as the server: the socket it accepted is followed from its accept, as the server's end. */
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

        assertThat(untracked(activity)).isEmpty();
        assertThat(nettysEnd(activity, nettys)).satisfies(accepted -> {
            assertThat(accepted.side()).isEqualTo(Side.SERVER);
            assertThat(accepted.state()).isEqualTo(TcpState.CLOSE_WAIT);
        });
        assertThatThrownBy(() -> SocketAssertions.assertThat(activity).hasNoConnectionLeak())
                .hasMessageStartingWith("""

                        Expecting socket activity to leak no connection, but 1 connection was leaked:
                          %s  server  CLOSE_WAIT
                        """.formatted(endpoints(nettys)).stripTrailing());
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
                "untracked in CLOSE_WAIT: 0, tracked client in CLOSE_WAIT: 1, notes []",
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
                    long tracked = activity.connections().stream().filter(c -> c.origin() != Origin.UNTRACKED
                            && c.side() == Side.CLIENT && c.state() == TcpState.CLOSE_WAIT).count();
                    System.out.println("untracked in CLOSE_WAIT: " + found.size() + ", tracked client in CLOSE_WAIT: "
                            + tracked + ", notes " + activity.notes());
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

    /**
     * Who closed first as the tracker sees it when the peer closed Netty's socket: the end of the stream read through
     * epoll's {@code recv}; io_uring reads through its ring, which the agent does not see.
     */
    private ClosedFirst peerCloseSeen() {
        return transport == Transport.EPOLL ? ClosedFirst.PEER : ClosedFirst.NEITHER;
    }

    /** Returns the tracked connection of Netty's socket, whose 4-tuple is {@code nettys}: exactly one. */
    private static TcpConnection nettysEnd(SocketActivity activity, FourTuple nettys) {
        List<TcpConnection> tracked = activity.connections().stream()
                .filter(connection -> connection.origin() != Origin.UNTRACKED
                        && new FourTuple(connection.local(), connection.remote()).equals(nettys)).toList();
        assertThat(tracked).as("the tracked connections of Netty's socket in %s", activity).hasSize(1);
        return tracked.get(0);
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
