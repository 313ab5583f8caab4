package io.socketwatch.junit;

import static io.socketwatch.junit.testkit.SharedEchoServer.echoPort;
import static io.socketwatch.junit.testkit.SharedEchoServer.request;
import static io.socketwatch.junit.testkit.SocketWatchTestKit.PARALLEL;
import static io.socketwatch.junit.testkit.SocketWatchTestKit.assertStatistics;
import static io.socketwatch.junit.testkit.SocketWatchTestKit.at;
import static io.socketwatch.junit.testkit.SocketWatchTestKit.failures;
import static io.socketwatch.junit.testkit.SocketWatchTestKit.openedAt;
import static io.socketwatch.junit.testkit.SocketWatchTestKit.run;
import static io.socketwatch.junit.testkit.SocketWatchTestKit.verdict;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.socketwatch.junit.LeakCheckTests.CloseWaitTestCases;
import io.socketwatch.junit.LeakCheckTests.UntrackedCloseWaitTestCases;
import io.socketwatch.junit.TimeWaitCheckTests.ChurnTestCases;
import io.socketwatch.junit.testkit.Leftovers;
import io.socketwatch.junit.testkit.PeerThatCloses;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.platform.testkit.engine.Events;

/**
 * {@code @SocketWatch}'s verdicts stay per test: clean tests pass hundreds of times in a row, alone and beside faulty
 * ones running at once, and a connection opened by a shared executor or event loop fails only the test it was opened
 * for.
 */
@EnabledOnOs(OS.LINUX)
class ParallelExecutionTests {

    @Nested
    @DisplayName("no false alarm")
    class NoFalseAlarm {

        @Test
        void cleanTestsPass200TimesInARow() {
            Events tests = run(CleanTestCases.class).testEvents();
            assertThat(failures(tests)).as("failed tests").isEmpty();
            assertStatistics(tests, stats -> stats.started(200).succeeded(200));
        }

        @Test
        void verdictsStayPerTestUnderParallelExecution() {
            Events tests = run(PARALLEL, selectClass(CleanTestCases.class),
                    selectMethod(ChurnTestCases.class, "aConnectionPerRequest"),
                    selectMethod(CloseWaitTestCases.class, "keepsAConnectionThePeerClosed")).testEvents();

            assertThat(failures(tests)).as("failed tests").containsOnlyKeys(
                    "aConnectionPerRequest()", "keepsAConnectionThePeerClosed()");
            assertStatistics(tests, stats -> stats.started(202).succeeded(200).failed(2));
            assertThat(verdict(tests, "aConnectionPerRequest")).contains("and left in TIME_WAIT")
                    .doesNotContain("CleanTestCases");
            assertThat(verdict(tests, "keepsAConnectionThePeerClosed")).contains("CLOSE_WAIT")
                    .doesNotContain("CleanTestCases");
        }

        /**
         * A socket socketwatch does not instrument cannot be tied to a test: while other tests run, it fails none,
         * and the test that stranded it fails only if it happened to run alone.
         */
        @Test
        void aSocketSocketwatchDoesNotInstrumentFailsNoNeighbourUnderParallelExecution() {
            Map<String, String> parameters = new HashMap<>(PARALLEL);
            parameters.put(SocketWatch.UNTRACKED_CLOSE_WAIT_PROPERTY, "on");
            Events tests = run(parameters, selectClass(CleanTestCases.class),
                    selectMethod(UntrackedCloseWaitTestCases.class, "keepsANativeSocketThePeerClosed")).testEvents();

            assertThat(failures(tests)).as("failed tests").doesNotContainKey("oneConnectionForEveryRequest()")
                    .doesNotContainKey("theServerClosesAndTheClientFollows()");
            assertThat(failures(tests).values()).allSatisfy(failure -> assertThat(failure)
                    .contains("opened by code socketwatch does not instrument"));
            assertStatistics(tests, stats -> stats.started(201));
        }
    }

    @Nested
    @DisplayName("a shared executor under parallel execution")
    class SharedExecutor {

        @Test
        void aLeakInATaskFailsOnlyTheTestThatSubmittedItWhileItsNeighbourPasses() {
            Events tests = run(SharedExecutorTestCases.class, PARALLEL).testEvents();

            assertThat(failures(tests)).as("failed tests").containsOnlyKeys("leaksAConnectionInATask()");
            assertStatistics(tests, stats -> stats.started(2).succeeded(1).failed(1));
            assertThat(verdict(tests, "leaksAConnectionInATask"))
                    .startsWith("""

                            Expecting socket activity to leak no connection, but 1 connection was leaked:
                              127.0.0.1:<port> -> 127.0.0.1:<port>  client  CLOSE_WAIT  age <age>  1 exchange  closed \
                            by the peer only  opened at io.socketwatch.junit.ParallelExecutionTests\
                            $SharedExecutorTestCases.lambda$leaksAConnectionInATask$""")
                    .contains(at(SharedExecutorTestCases.class, "shared-executor"))
                    .doesNotContain("closesItsConnectionInATask");
        }
    }

    @Nested
    @DisplayName("a shared Netty event loop under parallel execution")
    class SharedEventLoop {

        @Test
        void aChannelLeftInCloseWaitFailsOnlyTheTestThatConnectedItAtItsLine() {
            Events tests = run(SharedEventLoopTestCases.class, PARALLEL).testEvents();

            assertThat(failures(tests)).as("failed tests").containsOnlyKeys("leavesItsChannelOpen()");
            assertStatistics(tests, stats -> stats.started(2).succeeded(1).failed(1));
            assertThat(verdict(tests, "leavesItsChannelOpen")).startsWith("""

                    Expecting socket activity to leak no connection, but 1 connection was leaked:
                      127.0.0.1:<port> -> 127.0.0.1:<port>  client  CLOSE_WAIT  age <age>  0 exchanges  closed by the \
                    peer only  %s
                    """.formatted(openedAt(SharedEventLoopTestCases.class, "connect", "shared-loop")))
                    .doesNotContain("closesItsChannel");
        }
    }

    @SocketWatch
    static class CleanTestCases {

        @RepeatedTest(100)
        void oneConnectionForEveryRequest() throws IOException {
            try (Socket socket = new Socket("127.0.0.1", echoPort())) {
                request(socket);
                request(socket);
            }
        }

        @RepeatedTest(100)
        void theServerClosesAndTheClientFollows() throws IOException {
            PeerThatCloses peer = new PeerThatCloses();
            try (Socket socket = new Socket("127.0.0.1", peer.port())) {
                peer.closeItsEnd(socket);
                assertThat(socket.getInputStream().read()).isEqualTo(-1);
            }
        }
    }

    /**
     * Two tests that run at once, each handing a task to one executor whose threads both started before them: the
     * leaky one's task leaves a connection in CLOSE_WAIT, the other's closes what it opens. Run in parallel only:
     * each waits for the other. The shared echo server closes its end of the clean test's connection on a thread of its
     * own, which a loaded machine can keep waiting for hundreds of milliseconds (its end is in CLOSE_WAIT meanwhile):
     * the settle timeout bounds that wait, so it is not 300 ms here.
     */
    @SocketWatch(settleTimeout = "3s")
    static class SharedExecutorTestCases {

        static ExecutorService shared;
        static CyclicBarrier bothRunning;
        static CyclicBarrier bothTasksDone;

        @BeforeAll
        static void startTheSharedExecutor() {
            ThreadPoolExecutor pool = (ThreadPoolExecutor) Executors.newFixedThreadPool(2);
            pool.prestartAllCoreThreads();
            shared = pool;
            bothRunning = new CyclicBarrier(2);
            bothTasksDone = new CyclicBarrier(2);
        }

        @Test
        void leaksAConnectionInATask() throws Exception {
            inTaskWhileTheOtherTestRuns(() -> {
                PeerThatCloses peer = new PeerThatCloses();
                Socket kept = new Socket("127.0.0.1", peer.port()); // line: shared-executor
                peer.closeItsEnd(kept);
                Leftovers.keep(kept);
                return null;
            });
        }

        @Test
        void closesItsConnectionInATask() throws Exception {
            inTaskWhileTheOtherTestRuns(() -> {
                try (Socket socket = new Socket("127.0.0.1", echoPort())) {
                    request(socket);
                }
                return null;
            });
        }

        private static void inTaskWhileTheOtherTestRuns(Callable<Void> task) throws Exception {
            bothRunning.await(10, TimeUnit.SECONDS);
            shared.submit(task).get(10, TimeUnit.SECONDS);
            bothTasksDone.await(10, TimeUnit.SECONDS);
        }

        @AfterAll
        static void stopTheSharedExecutor() throws IOException {
            shared.shutdownNow();
            Leftovers.closeAll();
        }
    }

    /**
     * Two tests that run at once, each connecting a Netty (NIO) channel through one event loop that started before
     * them, as a library's shared event loop group has: the event loop connects both. The server closes its end of
     * each; the leaky test leaves its channel open (half-closure allowed, so Netty does not close it either), the
     * other closes it. Run in parallel only: each waits for the other.
     */
    @SocketWatch(settleTimeout = "300ms")
    static class SharedEventLoopTestCases {

        static EventLoopGroup shared;
        static CyclicBarrier bothRunning;
        static final List<Channel> LEFT_OPEN = new CopyOnWriteArrayList<>();

        @BeforeAll
        static void startTheSharedEventLoop() throws Exception {
            shared = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
            shared.submit(() -> { }).get(10, TimeUnit.SECONDS); // its thread starts now, in no test
            bothRunning = new CyclicBarrier(2);
        }

        @Test
        void leavesItsChannelOpen() throws Exception {
            LEFT_OPEN.add(connectWhileTheOtherTestRuns());
        }

        @Test
        void closesItsChannel() throws Exception {
            connectWhileTheOtherTestRuns().close().sync();
        }

        /** Connects a channel, lets the server close its end, and waits until the channel has read the end. */
        private static Channel connectWhileTheOtherTestRuns() throws Exception {
            bothRunning.await(10, TimeUnit.SECONDS);
            try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                CountDownLatch endRead = new CountDownLatch(1);
                Channel channel = connect(server, endRead);
                server.accept().close();
                assertThat(endRead.await(10, TimeUnit.SECONDS)).isTrue();
                return channel;
            }
        }

        private static Channel connect(ServerSocket server, CountDownLatch endRead) throws InterruptedException {
            return new Bootstrap().group(shared).channel(NioSocketChannel.class)
                    .option(ChannelOption.ALLOW_HALF_CLOSURE, true)
                    .handler(new ChannelInboundHandlerAdapter() {
                        @Override
                        public void userEventTriggered(ChannelHandlerContext context, Object event) {
                            if (event instanceof ChannelInputShutdownEvent) {
                                endRead.countDown();
                            }
                        }
                    })
                    .connect(server.getLocalSocketAddress()).sync().channel(); // line: shared-loop
        }

        @AfterAll
        static void stopTheSharedEventLoop() throws InterruptedException {
            LEFT_OPEN.forEach(Channel::close);
            shared.shutdownGracefully(0, 10, TimeUnit.SECONDS).await(10, TimeUnit.SECONDS);
        }
    }
}
