package io.socketwatch.internal.tracker;

import static org.assertj.core.api.Assertions.assertThat;

import io.socketwatch.SocketWatcher;
import io.socketwatch.internal.agent.boot.SocketEvents;
import io.socketwatch.model.SocketActivity;
import io.socketwatch.model.TcpConnection;
import io.socketwatch.model.TcpConnection.ClosedFirst;
import io.socketwatch.model.TcpConnection.Origin;
import io.socketwatch.model.TcpConnection.Side;
import io.socketwatch.model.TcpState;
import io.socketwatch.testing.EchoServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.ref.WeakReference;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@EnabledOnOs(OS.LINUX)
class RecordingsTests {

    private static final Duration SETTLE = Duration.ofMillis(500);
    /**
     * The settle timeout of the tests whose server closes only once the verdict's settling pauses: the close, and the
     * FIN it sends, must come within it while two busy loops compete for the cores. A passing run waits it out, since
     * the CLOSE_WAIT it checks for is a passing state.
     */
    private static final Duration LOADED_MACHINE_SETTLE = Duration.ofSeconds(2);

    @BeforeAll
    static void installAgent() {
        Recordings.install();
        assertThat(Recordings.isInstrumented()).isTrue();
    }

    @Test
    void relayIsLoadedByTheBootstrapClassLoader() {
        assertThat(SocketEvents.class.getClassLoader()).isNull();
    }

    @Test
    void aPlainSocketsLocalAddressIsReadWithOneSystemCallOnThisJdk() {
        // a JDK without sun.nio.ch.Net.localInetAddress(FileDescriptor) falls back to two calls: slower, not wrong
        assertThat(SocketAddresses.readsLocalAddressInOneCall()).isTrue();
    }

    @Test
    void aWindowOpenedInsideAnotherOnOneThreadGivesTheThreadBackToTheOuterOne() throws Exception {
        try (EchoServer server = new EchoServer("127.0.0.1"); SocketWatcher outer = SocketWatcher.start(SETTLE)) {
            try (SocketWatcher inner = SocketWatcher.start(SETTLE)) {
                assertThat(inner.stop().connections()).isEmpty();
            }
            try (Socket client = new Socket("127.0.0.1", server.port())) {
                roundTrip(client, "after");
            }
            server.awaitHandled(1);
            assertThat(only(outer.stop(), Side.CLIENT).origin()).isEqualTo(Origin.WINDOW);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "::1"})
    void plainSocketsRecordBothEndsTheirExchangesAndWhoClosedFirst(String host) throws Exception {
        try (EchoServer server = new EchoServer(host)) {
            SocketActivity activity;
            try (SocketWatcher watcher = SocketWatcher.start(SETTLE)) {
                try (Socket client = new Socket(host, server.port())) {
                    roundTrip(client, "one");
                    roundTrip(client, "two");
                } // the client closes first: TIME_WAIT on the client's side
                server.awaitHandled(1);
                activity = watcher.stop();
            }

            TcpConnection client = only(activity, Side.CLIENT);
            assertThat(client.remote()).isEqualTo(new InetSocketAddress(InetAddress.getByName(host), server.port()));
            assertThat(client.origin()).isEqualTo(Origin.WINDOW);
            assertThat(client.exchanges()).isEqualTo(2);
            assertThat(client.bytesSent()).isEqualTo(6);
            assertThat(client.bytesReceived()).isEqualTo(6);
            assertThat(client.closedFirst()).isEqualTo(ClosedFirst.THIS_JVM);
            assertThat(client.isClosed()).isTrue();
            assertThat(client.state()).isEqualTo(TcpState.TIME_WAIT);
            assertThat(client.openingSite().frame().getClassName()).isEqualTo(RecordingsTests.class.getName());
            assertThat(client.openingSite().location()).startsWith("RecordingsTests.java:");

            // the echo server's thread predates the window: its end cannot be tied to it
            TcpConnection accepted = activity.connections().stream().filter(c -> c.side() == Side.SERVER)
                    .findFirst().orElseThrow();
            assertThat(accepted.origin()).isEqualTo(Origin.UNATTRIBUTED);
            assertThat(accepted.local()).isEqualTo(client.remote());
            assertThat(accepted.remote()).isEqualTo(client.local());
            assertThat(accepted.closedFirst()).isEqualTo(ClosedFirst.PEER);
            assertThat(accepted.exchanges()).isEqualTo(2);
            assertThat(accepted.state()).isEqualTo(TcpState.CLOSE);
        }
    }

    @Test
    void aConnectionThePeerClosedAndThisJvmNeverDidEndsInCloseWait() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
             SocketWatcher watcher = SocketWatcher.start(Duration.ofMillis(200))) {
            Socket client = new Socket(server.getInetAddress(), server.getLocalPort());
            server.accept().close();
            assertThat(client.getInputStream().read()).isEqualTo(-1);

            TcpConnection stranded = only(watcher.stop(), Side.CLIENT);
            assertThat(stranded.state()).isEqualTo(TcpState.CLOSE_WAIT);
            assertThat(stranded.closedFirst()).isEqualTo(ClosedFirst.PEER);
            assertThat(stranded.isClosed()).isFalse();
            client.close();
        }
    }

    /**
     * A server in this JVM that closes just after its answer (as one answering {@code Connection: close}) often does so
     * after the test has read the answer and ended: the verdict waits while the thread that served the connection is
     * still at work on something (here it spins, never parked, from its answer to its close), and so sees the close the
     * client never answered. Here the server closes once the test's thread pauses while settling, which it does only
     * for that wait: without it, the client's end is ESTABLISHED at the verdict and the CLOSE_WAIT goes unreported.
     * Both ends are opened by threads started before the window, so that the window has no socket of its own left
     * open: it would run a garbage collection, whose pause would let the close arrive anyway.
     */
    @Test
    void aServerInThisJvmClosingJustAfterItsAnswerIsSeenThoughTheTestEndedBeforeTheClose() throws Exception {
        lookUpOneConnection(); // the first look at the OS table loads its reader: long enough to stand in for the wait
        Thread testThread = Thread.currentThread();
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            CountDownLatch go = new CountDownLatch(1);
            CountDownLatch answered = new CountDownLatch(1);
            CountDownLatch stopping = new CountDownLatch(1);
            CountDownLatch verdictTaken = new CountDownLatch(1);
            Thread answering = unwatchedThread("answer-then-close", go, () -> {
                try (Socket accepted = server.accept()) {
                    assertThat(accepted.getInputStream().read()).isEqualTo('?');
                    accepted.getOutputStream().write('!');
                    // at work, never parked, from the answer to the close: what settling waits for
                    long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
                    while ((stopping.getCount() > 0 || testThread.getState() != Thread.State.TIMED_WAITING)
                            && System.nanoTime() < giveUp) {
                        Thread.onSpinWait();
                    }
                } // closed while the verdict settles
            });
            Thread asking = unwatchedThread("ask-and-keep-open", go, () -> {
                try (Socket client = new Socket(server.getInetAddress(), server.getLocalPort())) {
                    client.getOutputStream().write('?');
                    assertThat(client.getInputStream().read()).isEqualTo('!');
                    answered.countDown();
                    assertThat(verdictTaken.await(5, TimeUnit.SECONDS)).isTrue(); // open until then
                }
            });
            try (SocketWatcher watcher = SocketWatcher.start(LOADED_MACHINE_SETTLE)) {
                go.countDown();
                assertThat(answered.await(5, TimeUnit.SECONDS)).isTrue();
                stopping.countDown();

                TcpConnection stranded = watcher.stop().connections().stream()
                        .filter(connection -> connection.side() == Side.CLIENT).findFirst().orElseThrow();
                assertThat(stranded.origin()).isEqualTo(Origin.UNATTRIBUTED);
                assertThat(stranded.state()).isEqualTo(TcpState.CLOSE_WAIT);
            } finally {
                verdictTaken.countDown();
                answering.join(5_000);
                asking.join(5_000);
            }
        }
    }

    /**
     * The agent records a close when the close method starts; the OS closes the socket (sends its FIN) a little later,
     * on the closing thread, which a loaded machine may not run for a while. Settling sees the server end closed in
     * Java but ESTABLISHED in the OS, and waits for it. Here the close event comes first and the socket is closed only
     * once the verdict's settling pauses; were that end taken as closed, the client's end would be judged ESTABLISHED
     * and idle, and its CLOSE_WAIT missed.
     */
    @Test
    void aCloseRecordedBeforeTheOsClosesIsWaitedFor() throws Exception {
        lookUpOneConnection();
        Thread testThread = Thread.currentThread();
        try (ServerSocketChannel server = ServerSocketChannel.open()
                .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            CountDownLatch go = new CountDownLatch(1);
            CountDownLatch closedInJava = new CountDownLatch(1);
            CountDownLatch stopping = new CountDownLatch(1);
            CountDownLatch verdictTaken = new CountDownLatch(1);
            Thread serving = unwatchedThread("close-late", go, () -> {
                try (SocketChannel accepted = server.accept()) {
                    SocketEvents.closing(accepted); // what the close hook records first
                    closedInJava.countDown();
                    long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
                    while ((stopping.getCount() > 0 || !pausesWhileSettling(testThread))
                            && System.nanoTime() < giveUp) {
                        Thread.onSpinWait();
                    }
                } // the OS closes it now: its FIN goes
            });
            Thread asking = unwatchedThread("connect-and-keep-open", go, () -> {
                try (SocketChannel client = SocketChannel.open(server.getLocalAddress())) {
                    assertThat(verdictTaken.await(5, TimeUnit.SECONDS)).isTrue(); // open until then
                }
            });
            try (SocketWatcher watcher = SocketWatcher.start(LOADED_MACHINE_SETTLE)) {
                go.countDown();
                assertThat(closedInJava.await(5, TimeUnit.SECONDS)).isTrue();
                stopping.countDown();

                TcpConnection stranded = watcher.stop().connections().stream()
                        .filter(connection -> connection.side() == Side.CLIENT).findFirst().orElseThrow();
                assertThat(stranded.state()).isEqualTo(TcpState.CLOSE_WAIT);
            } finally {
                verdictTaken.countDown();
                serving.join(5_000);
                asking.join(5_000);
            }
        }
    }

    /**
     * A client that gives up on a slow answer closes first; its end stays in FIN_WAIT2 until the test server's thread,
     * asleep between two chunks of a throttled body, writes again. Settling does not wait for a test server that is
     * idle: the verdict sees FIN_WAIT2. Were it waited for, the server's next write would meet the closed socket and
     * the client's end would be gone by the verdict.
     */
    @Test
    void aClientThatGaveUpIsNotHeldUntilAnIdleTestServerWritesAgain() throws Exception {
        lookUpOneConnection();
        try (MockWebServer slow = new MockWebServer()) {
            slow.enqueue(new MockResponse.Builder().body("abc").throttleBody(1, 5, TimeUnit.SECONDS).build());
            slow.start(InetAddress.getLoopbackAddress(), 0);
            try (SocketWatcher watcher = SocketWatcher.start(Duration.ofSeconds(10))) {
                try (Socket client = new Socket(InetAddress.getLoopbackAddress(), slow.getPort())) {
                    client.getOutputStream().write("GET / HTTP/1.1\r\nHost: localhost\r\n\r\n"
                            .getBytes(StandardCharsets.US_ASCII));
                    String head = readThroughFirstBodyByte(client.getInputStream());
                    assertThat(head).startsWith("HTTP/1.1 200").endsWith("\r\n\r\na");
                } // gives up: the server sleeps 5 s before its next byte

                TcpConnection gaveUp = watcher.stop().connections().stream()
                        .filter(connection -> connection.side() == Side.CLIENT).findFirst().orElseThrow();
                assertThat(gaveUp.state()).isEqualTo(TcpState.FIN_WAIT2);
            }
        }
    }

    private static String readThroughFirstBodyByte(InputStream in) throws IOException {
        StringBuilder read = new StringBuilder();
        while (!read.toString().contains("\r\n\r\n")) {
            int next = in.read();
            assertThat(next).isNotNegative();
            read.append((char) next);
        }
        read.append((char) in.read());
        return read.toString();
    }

    /**
     * A connection that is never closed stays followed, with the thread that used it last; that thread must not be
     * held strongly: a JDK {@code HttpClient}'s selector thread holds its client, which holds the very socket whose
     * drop without close the tracker waits to see (JDK 17's client leaves such a socket after giving up on a 401).
     */
    @Test
    void aConnectionNeverClosedDoesNotKeepWhatItsLastThreadHolds() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            List<Socket> keptOpen = new ArrayList<>();
            WeakReference<Object> payload = useFromAThreadThatHolds(server, keptOpen);
            for (int i = 0; i < 20 && payload.get() != null; i++) {
                System.gc();
                Thread.onSpinWait();
            }
            assertThat(payload.get()).as("what the connection's last thread held").isNull();
            assertThat(keptOpen.get(0).isClosed()).isFalse();
            keptOpen.get(0).close();
        }
    }

    /** Connects and writes from a thread that holds an object of its own, then ends; returns that object, weakly. */
    private static WeakReference<Object> useFromAThreadThatHolds(ServerSocket server, List<Socket> keptOpen)
            throws InterruptedException {
        class Holding extends Thread {
            final Object payload = new byte[1024];

            @Override
            public void run() {
                try {
                    Socket socket = new Socket(server.getInetAddress(), server.getLocalPort());
                    socket.getOutputStream().write(1); // the connection's last user: this thread
                    keptOpen.add(socket);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
        Holding holding = new Holding();
        holding.start();
        holding.join(5_000);
        assertThat(keptOpen).hasSize(1);
        return new WeakReference<>(holding.payload);
    }

    private static boolean pausesWhileSettling(Thread thread) {
        for (StackTraceElement frame : thread.getStackTrace()) {
            if (frame.getClassName().equals(Backoff.class.getName())) {
                return true;
            }
        }
        return false;
    }

    private static void lookUpOneConnection() throws IOException {
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
             SocketWatcher watcher = SocketWatcher.start(SETTLE)) {
            new Socket(server.getInetAddress(), server.getLocalPort()).close();
            assertThat(watcher.stop().connections()).isNotEmpty();
        }
    }

    /** Starts a thread now, outside any window, that runs {@code body} once {@code go} opens. */
    private static Thread unwatchedThread(String name, CountDownLatch go, SocketWork body) {
        Thread thread = new Thread(() -> {
            try {
                assertThat(go.await(5, TimeUnit.SECONDS)).isTrue();
                body.run();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, name);
        thread.start();
        return thread;
    }

    private interface SocketWork {
        void run() throws IOException, InterruptedException;
    }

    @Test
    void socketChannelsBlockingAndNonBlockingAndChannelAccept() throws Exception {
        try (ServerSocketChannel server = ServerSocketChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
             SocketWatcher watcher = SocketWatcher.start(SETTLE)) {
            InetSocketAddress address = (InetSocketAddress) server.getLocalAddress();
            try (SocketChannel blocking = SocketChannel.open(address); SocketChannel accepted = server.accept()) {
                blocking.write(ByteBuffer.wrap(new byte[] {1, 2, 3}));
                assertThat(accepted.read(ByteBuffer.allocate(8))).isEqualTo(3);
            }
            try (SocketChannel nonBlocking = SocketChannel.open(); Selector selector = Selector.open()) {
                nonBlocking.configureBlocking(false);
                if (!nonBlocking.connect(address)) {
                    nonBlocking.register(selector, SelectionKey.OP_CONNECT);
                    while (!nonBlocking.finishConnect()) {
                        selector.select(1000);
                    }
                }
                assertThat(nonBlocking.finishConnect()).isTrue(); // a second call must not count again
                server.accept().close();
            }
            SocketActivity activity = watcher.stop();
            assertThat(activity.connections()).filteredOn(c -> c.side() == Side.CLIENT).hasSize(2)
                    .allSatisfy(c -> assertThat(c.openingSite().frame().getClassName())
                            .isEqualTo(RecordingsTests.class.getName()));
            assertThat(activity.connections()).filteredOn(c -> c.side() == Side.SERVER).hasSize(2);
            assertThat(activity.connections()).filteredOn(c -> c.side() == Side.CLIENT).first()
                    .satisfies(c -> assertThat(c.bytesSent()).isEqualTo(3));
        }
    }

    @ParameterizedTest(name = "call released before the connect: {0}")
    @ValueSource(booleans = {false, true})
    void aThreadConnectingForACallTakesItsSiteUntilTheCallIsReleased(boolean released) throws Exception {
        Object call = new Object();
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
             SocketWatcher watcher = SocketWatcher.start(SETTLE)) {
            SocketEvents.acquired(call, "OKHTTP_CALL", call);
            Thread connector = new Thread(() -> {
                // as OkHttp's connectTcp does at entry; one that throws never unmarks its thread
                SocketEvents.onBehalfOf(call);
                if (released) {
                    SocketEvents.released(call);
                }
                try (Socket socket = new Socket(server.getInetAddress(), server.getLocalPort())) {
                    server.accept().close();
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }, "connector");
            connector.start();
            connector.join(10_000);
            TcpConnection connection = only(watcher.stop(), Side.CLIENT);
            assertThat(connection.openingSite().threadName())
                    .isEqualTo(released ? "connector" : Thread.currentThread().getName());
        }
    }

    @Test
    void connectionsOpenWhenTheWindowStartsAreBaselineAndCountOnlyTheirNewExchanges() throws Exception {
        try (EchoServer server = new EchoServer("127.0.0.1"); Socket pooled = new Socket("127.0.0.1", server.port())) {
            roundTrip(pooled, "warm");
            SocketActivity activity;
            try (SocketWatcher watcher = SocketWatcher.start(SETTLE)) {
                roundTrip(pooled, "reuse");
                roundTrip(pooled, "again");
                activity = watcher.stop();
            }
            TcpConnection reused = activity.connections().stream()
                    .filter(c -> c.local().equals(pooled.getLocalSocketAddress())).findFirst().orElseThrow();
            assertThat(reused.origin()).isEqualTo(Origin.BASELINE);
            assertThat(reused.exchanges()).isEqualTo(2);
            assertThat(reused.bytesSent()).isEqualTo(10);
            assertThat(reused.state()).isEqualTo(TcpState.ESTABLISHED);
        }
    }

    @Test
    void connectionsOpenWhenTheWindowStartsAndIdleThroughItAreNotPartOfItsActivity() throws Exception {
        try (EchoServer server = new EchoServer("127.0.0.1"); Socket idle = new Socket("127.0.0.1", server.port());
             Socket closed = new Socket("127.0.0.1", server.port())) {
            roundTrip(idle, "warm");
            roundTrip(closed, "warm");
            InetSocketAddress closedEnd = (InetSocketAddress) closed.getLocalSocketAddress();
            SocketActivity activity;
            try (SocketWatcher watcher = SocketWatcher.start(SETTLE)) {
                closed.close();
                activity = watcher.stop();
            }
            assertThat(activity.connections()).filteredOn(c -> c.side() == Side.CLIENT)
                    .extracting(TcpConnection::local)
                    .containsExactly(closedEnd)
                    .doesNotContain((InetSocketAddress) idle.getLocalSocketAddress());
        }
    }

    @Test
    void aSocketDroppedWithoutCloseIsReportedAsCollected() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
             SocketWatcher watcher = SocketWatcher.start(SETTLE)) {
            openAndDrop(server);
            Socket accepted = server.accept();
            TcpConnection dropped = only(watcher.stop(), Side.CLIENT);
            assertThat(dropped.collectedWithoutClose()).isTrue();
            assertThat(dropped.openingSite().frame().getMethodName()).isEqualTo("openAndDrop");
            accepted.close();
        }
    }

    @Test
    void parallelWindowsEachGetTheirOwnThreadsConnections() throws Exception {
        int threads = 4;
        int perThread = 50;
        try (ServerSocket server = new ServerSocket(0, 200, InetAddress.getLoopbackAddress())) {
            Thread acceptor = acceptAndClose(server, threads * perThread);
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            CountDownLatch allStarted = new CountDownLatch(threads);
            List<Future<SocketActivity>> results = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                results.add(pool.submit(() -> {
                    try (SocketWatcher watcher = SocketWatcher.start(Duration.ZERO)) {
                        allStarted.countDown();
                        allStarted.await();
                        for (int i = 0; i < perThread; i++) {
                            new Socket(server.getInetAddress(), server.getLocalPort()).close();
                        }
                        return watcher.stop();
                    }
                }));
            }
            for (Future<SocketActivity> result : results) {
                assertThat(result.get().connections())
                        .filteredOn(c -> c.origin() == Origin.WINDOW && c.side() == Side.CLIENT)
                        .hasSize(perThread);
            }
            pool.shutdown();
            acceptor.join(10_000);
        }
    }

    @Test
    void sixteenThreadsTimesAThousandConnectionsAreCountedExactly() throws Exception {
        int threads = 16;
        int perThread = 1000;
        try (ServerSocket server = new ServerSocket(0, 1000, InetAddress.getLoopbackAddress());
             Recording watcher = Recordings.startRecording(Duration.ZERO, 2 * threads * perThread)) {
            Thread acceptor = acceptAndClose(server, threads * perThread);
            List<Thread> clients = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                Thread client = new Thread(() -> {
                    for (int i = 0; i < perThread; i++) {
                        try (Socket socket = new Socket(server.getInetAddress(), server.getLocalPort())) {
                            socket.getOutputStream().write(1);
                        } catch (IOException e) {
                            throw new IllegalStateException(e);
                        }
                    }
                });
                client.start();
                clients.add(client);
            }
            for (Thread client : clients) {
                client.join();
            }
            acceptor.join(30_000);
            SocketActivity activity = watcher.stop();
            assertThat(activity.connections()).filteredOn(c -> c.side() == Side.CLIENT && c.origin() == Origin.WINDOW)
                    .hasSize(threads * perThread)
                    .allSatisfy(c -> assertThat(c.bytesSent()).isEqualTo(1));
            // a server end of an earlier test, still closing when this window opened, is baseline: not counted
            assertThat(activity.connections()).filteredOn(c -> c.side() == Side.SERVER && c.origin() != Origin.BASELINE)
                    .hasSize(threads * perThread);
            assertThat(activity.dropped()).isZero();
        }
    }

    @Test
    void aWindowKeepsAtMostItsCapAndCountsTheRest() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
             Recording watcher = Recordings.startRecording(Duration.ZERO, 3)) {
            Thread acceptor = acceptAndClose(server, 5);
            for (int i = 0; i < 5; i++) {
                new Socket(server.getInetAddress(), server.getLocalPort()).close();
            }
            acceptor.join(10_000);
            SocketActivity activity = watcher.stop();
            assertThat(activity.connections()).hasSize(3);
            assertThat(activity.dropped()).isEqualTo(7);
            assertThat(activity.notes()).contains("7 connection(s) beyond the cap of 3 were counted, not kept");
        }
    }

    @Test
    void aSinkThatThrowsDoesNotDisturbTheApplicationAndIsCounted() throws Exception {
        long failuresBefore = SocketEvents.failures();
        SocketWatcher watcher = SocketWatcher.start(SETTLE);
        SocketEvents.Sink throwing = (SocketEvents.Sink) java.lang.reflect.Proxy.newProxyInstance(
                getClass().getClassLoader(), new Class<?>[] {SocketEvents.Sink.class}, (proxy, method, args) -> {
                    throw new IllegalStateException("sink failure for a test");
                });
        Object trackerSink = currentSink();
        SocketEvents.install(throwing);
        try (EchoServer server = new EchoServer("127.0.0.1"); Socket client = new Socket("127.0.0.1", server.port())) {
            roundTrip(client, "still works");
        } finally {
            SocketEvents.install((SocketEvents.Sink) trackerSink);
        }
        assertThat(SocketEvents.failures()).isGreaterThan(failuresBefore);
        assertThat(watcher.stop().notes()).anySatisfy(note -> assertThat(note)
                .startsWith("socketwatch's instrumentation failed ")
                .contains("sink failure for a test"));
    }

    private static Object currentSink() throws ReflectiveOperationException {
        java.lang.reflect.Field sink = SocketEvents.class.getDeclaredField("sink");
        sink.setAccessible(true);
        return sink.get(null);
    }

    private static void openAndDrop(ServerSocket server) throws IOException {
        new Socket(server.getInetAddress(), server.getLocalPort()).getOutputStream().write(1);
    }

    private static TcpConnection only(SocketActivity activity, Side side) {
        List<TcpConnection> matching = activity.connections().stream()
                .filter(c -> c.side() == side && c.origin() == Origin.WINDOW).toList();
        assertThat(matching).as("%s connections of %s", side, activity).hasSize(1);
        return matching.get(0);
    }

    private static void roundTrip(Socket socket, String message) throws IOException {
        assertThat(EchoServer.roundTrip(socket, message)).isEqualTo(message);
    }

    private static Thread acceptAndClose(ServerSocket server, int count) {
        Thread acceptor = new Thread(() -> {
            for (int i = 0; i < count; i++) {
                try (Socket accepted = server.accept()) {
                    accepted.getInputStream().read();
                } catch (IOException e) {
                    return;
                }
            }
        });
        acceptor.start();
        return acceptor;
    }
}
