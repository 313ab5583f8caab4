package io.socketwatch.internal.tracker;

import static org.assertj.core.api.Assertions.assertThat;

import io.socketwatch.internal.agent.NativeTransports;
import io.socketwatch.internal.os.FourTuple;
import io.socketwatch.internal.os.ProcNetTcpReader;
import io.socketwatch.internal.os.SocketEntry;
import io.socketwatch.model.OpeningSite;
import io.socketwatch.model.SocketActivity;
import io.socketwatch.model.TcpConnection;
import io.socketwatch.model.TcpConnection.ClosedFirst;
import io.socketwatch.model.TcpConnection.Origin;
import io.socketwatch.model.TcpConnection.Side;
import io.socketwatch.model.TcpState;
import io.socketwatch.model.UntrackedSockets;
import io.socketwatch.testing.ChildJvm;
import io.socketwatch.testing.NativeSocket;
import io.socketwatch.testing.NettyNative;
import io.socketwatch.testing.Poll;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Sockets the agent never sees, made through libc as a native transport makes them, connected to a loopback server
 * whose end the test closes: the native end sits in CLOSE_WAIT until the test closes it too.
 */
@EnabledOnOs(OS.LINUX)
class UntrackedCloseWaitTests {

    private static final Duration SETTLE = Duration.ofMillis(300);

    private ServerSocket server;
    private NativeSocket nativeSocket;
    private Socket accepted;

    @BeforeAll
    static void installAgent() {
        Recordings.install();
        assertThat(Recordings.isInstrumented()).isTrue();
    }

    /** Connects a native socket and accepts it before any window: the accepted end is every window's baseline. */
    @BeforeEach
    void connectNativeSocket() throws IOException {
        server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        nativeSocket = NativeSocket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getLocalPort()));
        accepted = server.accept();
    }

    @AfterEach
    void closeAll() throws IOException {
        nativeSocket.close();
        accepted.close();
        server.close();
    }

    @Test
    void aNativeSocketThatEntersCloseWaitInTheWindowIsReportedAsUntracked() {
        SocketActivity activity;
        try (Recording window = Recordings.startRecording(SETTLE, UntrackedSockets.ON)) {
            closeQuietly(accepted); // the peer closes; the native end never does
            activity = window.stop();
        }

        assertThat(untracked(activity)).singleElement().satisfies(found -> {
            assertThat(new FourTuple(found.local(), found.remote()))
                    .isEqualTo(new FourTuple(nativeSocket.local(), nativeSocket.remote()));
            assertThat(found.side()).isEqualTo(Side.CLIENT);
            assertThat(found.state()).isEqualTo(TcpState.CLOSE_WAIT);
            assertThat(found.closedFirst()).isEqualTo(ClosedFirst.PEER);
            assertThat(found.isClosed()).isFalse();
            assertThat(found.openingSite()).isEqualTo(OpeningSite.UNKNOWN);
            assertThat(found.exchanges()).isZero();
        });
        assertThat(activity.connections()).filteredOn(c -> c.origin() == Origin.BASELINE)
                .extracting(TcpConnection::side).containsExactly(Side.SERVER);
        assertThat(activity.notes()).isEmpty();
    }

    @Test
    void oneAcceptedOnANativeListenerIsTheServerEnd() throws Exception {
        SocketActivity activity;
        try (NativeSocket listener = NativeSocket.listen(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
             Socket client = new Socket(InetAddress.getLoopbackAddress(), listener.local().getPort());
             NativeSocket serverEnd = listener.accept();
             Recording window = Recordings.startRecording(SETTLE, UntrackedSockets.ON)) {
            client.close(); // the client closes first; the native server never does
            activity = window.stop();
            assertThat(untracked(activity)).singleElement().satisfies(found -> {
                assertThat(new FourTuple(found.local(), found.remote()))
                        .isEqualTo(new FourTuple(serverEnd.local(), serverEnd.remote()));
                assertThat(found.side()).isEqualTo(Side.SERVER);
            });
        }
    }

    @Test
    void oneAlreadyInCloseWaitWhenTheWindowStartsIsItsBaseline() throws Exception {
        closeQuietly(accepted);
        awaitNativeState(TcpState.CLOSE_WAIT);

        try (Recording window = Recordings.startRecording(SETTLE, UntrackedSockets.ON)) {
            assertThat(untracked(window.stop())).isEmpty();
        }
    }

    @Test
    void oneClosedWhileTheWindowSettlesIsNoLeak() throws Exception {
        SocketActivity activity;
        try (Recording window = Recordings.startRecording(Duration.ofSeconds(5), UntrackedSockets.ON)) {
            closeQuietly(accepted);
            awaitNativeState(TcpState.CLOSE_WAIT);
            CompletableFuture<Void> closing = CompletableFuture.runAsync(() -> {
                pause(100);
                nativeSocket.close(); // as a native transport does once it notices the peer's close
            });
            activity = window.stop();
            closing.join();
        }

        assertThat(untracked(activity)).isEmpty();
        assertThat(activity.takenAt()).isBefore(activity.startedAt().plusSeconds(5));
    }

    @Test
    void offLooksForNothingAndAutoLooksOnlyOnceANativeTransportWasLoaded() throws Exception {
        try (Recording window = Recordings.startRecording(SETTLE, UntrackedSockets.OFF)) {
            closeQuietly(accepted);
            awaitNativeState(TcpState.CLOSE_WAIT);
            assertThat(untracked(window.stop())).isEmpty();
        }
        assertThat(NativeTransports.loaded()).as("a native transport loaded in this JVM: tests that load one are tagged "
                + NettyNative.TAG + " and run in a JVM of their own").isEmpty();
        assertThat(Recordings.looksForUntracked(UntrackedSockets.AUTO)).isFalse();
        assertThat(Recordings.looksForUntracked(UntrackedSockets.ON)).isTrue();
        assertThat(Recordings.looksForUntracked(UntrackedSockets.OFF)).isFalse();
    }

    /** Under parallel execution, the socket may be another test's: a note says so, and no test fails for it. */
    @Test
    void anotherThreadsWindowOpenMeanwhileMakesItANoteNotAFinding() throws Exception {
        CountDownLatch neighbourOpen = new CountDownLatch(1);
        CountDownLatch judged = new CountDownLatch(1);
        Thread neighbour = new Thread(() -> {
            try (Recording window = Recordings.startRecording(Duration.ZERO, UntrackedSockets.OFF)) {
                neighbourOpen.countDown();
                judged.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "neighbour");
        SocketActivity activity;
        try (Recording window = Recordings.startRecording(SETTLE, UntrackedSockets.ON)) {
            neighbour.start();
            neighbourOpen.await();
            closeQuietly(accepted);
            awaitNativeState(TcpState.CLOSE_WAIT);
            activity = window.stop();
        } finally {
            judged.countDown();
            neighbour.join();
        }

        assertThat(untracked(activity)).isEmpty();
        assertThat(activity.notes()).containsExactly("socketwatch found 1 socket(s) of this process in CLOSE_WAIT "
                + "that it does not instrument (a native transport such as Netty's epoll or io_uring), but judged "
                + "none: other threads' windows were open meanwhile, and such a socket cannot be tied to one: "
                + new FourTuple(nativeSocket.local(), nativeSocket.remote()));
    }

    /** Without netlink dumps, each look scans /proc/net/tcp{,6}: right, slower, and said so. */
    @Test
    void theProcfsFallbackFindsTheSameSocketAndSaysWhatItCosts() throws Exception {
        UntrackedCloseWait look = new UntrackedCloseWait(StateLookup.scanning(new ProcNetTcpReader()));
        closeQuietly(accepted);
        awaitNativeState(TcpState.CLOSE_WAIT);

        List<String> notes = new java.util.ArrayList<>();
        assertThat(look.find(tuple -> false, notes)).singleElement().satisfies(found -> {
            assertThat(found.entry().tuple()).isEqualTo(new FourTuple(nativeSocket.local(), nativeSocket.remote()));
            assertThat(found.side()).isEqualTo(Side.CLIENT);
        });
        assertThat(notes).containsExactly("socketwatch looked for sockets it does not instrument in CLOSE_WAIT by "
                + "scanning /proc/net/tcp + /proc/net/tcp6, as netlink dumps are unavailable: about 2 µs per row of "
                + "the table, at the window's start and each time it settles");
        assertThat(look.find(tuple -> tuple.equals(new FourTuple(nativeSocket.local(), nativeSocket.remote())),
                new java.util.ArrayList<>())).as("a tuple the tracker follows").isEmpty();
    }

    @Test
    void aTrackedConnectionInCloseWaitIsReportedOnceAsTheWindowsOwn() throws IOException {
        SocketActivity activity;
        try (ServerSocket javaServer = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             Recording window = Recordings.startRecording(SETTLE, UntrackedSockets.ON);
             Socket client = new Socket(InetAddress.getLoopbackAddress(), javaServer.getLocalPort())) {
            javaServer.accept().close();
            activity = window.stop();
        }

        assertThat(activity.connections()).filteredOn(c -> c.state() == TcpState.CLOSE_WAIT)
                .singleElement().extracting(TcpConnection::origin).isEqualTo(Origin.WINDOW);
    }

    /**
     * With {@code AUTO}, the default, a JVM looks once it has loaded Netty's epoll transport: before the agent's
     * installation (found by the one-time look at loaded classes) or after it (seen as it is defined). In a child JVM,
     * as this JVM must never load it.
     */
    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void autoLooksOnceANativeTransportWasLoadedBeforeOrAfterTheAgent(boolean before) throws Exception {
        ChildJvm.Result child = ChildJvm.run(AutoChild.class, List.of("-Dnative.transport.before=" + before));

        assertThat(child.exitCode()).as(child.toString()).isZero();
        assertThat(child.stdout()).as(child.toString()).containsExactly(
                "before loading: AUTO looks " + before,
                "after loading: AUTO looks true, a class of io.netty.channel.epoll",
                "untracked in CLOSE_WAIT: 1, client");
    }

    /** Uses Netty's epoll transport (asks whether it is available), before or after installing the agent. */
    static final class AutoChild {
        public static void main(String[] args) throws Exception {
            boolean before = Boolean.getBoolean("native.transport.before");
            if (before) {
                io.netty.channel.epoll.Epoll.isAvailable();
            }
            Recordings.install();
            System.out.println("before loading: AUTO looks " + Recordings.looksForUntracked(UntrackedSockets.AUTO));
            io.netty.channel.epoll.Epoll.isAvailable();
            // which of the transport's classes the look at loaded classes meets first depends on the JVM
            System.out.println("after loading: AUTO looks " + Recordings.looksForUntracked(UntrackedSockets.AUTO)
                    + ", " + NativeTransports.loaded().map(name -> "a class of " + name.substring(0,
                    name.lastIndexOf('.'))).orElse("none"));
            try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                 NativeSocket stranded = NativeSocket.connect(
                         new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getLocalPort()));
                 io.socketwatch.SocketWatcher watcher = io.socketwatch.SocketWatcher.start(SETTLE)) {
                server.accept().close();
                List<TcpConnection> found = untracked(watcher.stop());
                System.out.println("untracked in CLOSE_WAIT: " + found.size() + ", "
                        + found.stream().map(c -> c.side().name().toLowerCase(java.util.Locale.ROOT)).toList()
                        .stream().findFirst().orElse("-"));
            }
        }
    }

    private static List<TcpConnection> untracked(SocketActivity activity) {
        return activity.connections().stream().filter(c -> c.origin() == Origin.UNTRACKED).toList();
    }

    /** Polls the native end's row, with capped backoff, for at most 5 s. */
    private void awaitNativeState(TcpState expected) throws InterruptedException {
        FourTuple tuple = new FourTuple(nativeSocket.local(), nativeSocket.remote());
        ProcNetTcpReader procfs = new ProcNetTcpReader();
        Optional<SocketEntry> row = Poll.until(() -> procfs.lookup(tuple),
                found -> found.map(SocketEntry::state).orElse(null) == expected);
        assertThat(row).as("the native end's row").map(SocketEntry::state).hasValue(expected);
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
