package io.socketwatch.junit;

import static io.socketwatch.junit.testkit.SocketWatchTestKit.PARALLEL;
import static io.socketwatch.junit.testkit.SocketWatchTestKit.assertStatistics;
import static io.socketwatch.junit.testkit.SocketWatchTestKit.failures;
import static io.socketwatch.junit.testkit.SocketWatchTestKit.openedAt;
import static io.socketwatch.junit.testkit.SocketWatchTestKit.run;
import static io.socketwatch.junit.testkit.SocketWatchTestKit.twoChurnedClientEnds;
import static io.socketwatch.junit.testkit.SocketWatchTestKit.verdict;
import static org.assertj.core.api.Assertions.assertThat;

import io.socketwatch.SocketWatcher;
import io.socketwatch.model.ClientResource;
import io.socketwatch.model.SocketActivity;
import io.socketwatch.model.TcpConnection.Side;
import io.socketwatch.testing.NettyNative;
import io.socketwatch.testing.NettyNative.Transport;
import java.io.IOException;
import java.net.InetAddress;
import java.util.OptionalInt;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.platform.testkit.engine.Events;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.netty.http.HttpResources;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;
import reactor.netty.resources.LoopResources;

/**
 * {@code @SocketWatch} with defaults only, on tests whose Spring {@code WebClient} runs on Reactor Netty, over Netty's
 * epoll transport as on any Linux machine: a connection acquired from Reactor Netty's pool and never released (a
 * response body never consumed) fails the leak check with the line that asked for it, a {@code WebClient} with a pool
 * per request fails the churn check with the line that made the request, and a shared client passes, its pool's
 * maximum allowed by the reuse check. Tagged, as Reactor Netty loads Netty's epoll transport: Surefire runs these tests
 * in a JVM of their own.
 */
@Tag(NettyNative.TAG)
@EnabledOnOs(OS.LINUX)
class ReactorNettyExtensionTests {

    private static final String UNCONSUMED_BODY = """

            Expecting socket activity to leak no connection, but 1 connection was leaked:
              Reactor Netty pooled connection  127.0.0.1:<port>  not released  age <age>  obtained at %s
                  its response body was never consumed nor cancelled: the connection never goes back to the pool, \
            which has one connection less to that address; consume the body (bodyToMono, toBodilessEntity) or release \
            it (releaseBody())
            Fix: close every socket, response body and JDBC connection you open, in a try-with-resources; the JDK \
            closes a dropped socket only when the garbage collector finds it.
            Note: 1 connection end opened by test infrastructure, not the code under test, set aside \
            (mockwebserver3.MockWebServer).
            """.formatted(openedAt(WebClients.class, "leavesABodyUnconsumed", "leak").substring("opened at ".length()));
    private static final String PER_REQUEST_CHURN =
            twoChurnedClientEnds(openedAt(WebClients.class, "buildsAWebClientPerRequest", "per-request"));

    @BeforeEach
    void epollAvailable() {
        NettyNative.assumeAvailable(Transport.EPOLL);
    }

    @Test
    void failsOnlyTheBodyNeverConsumedAndTheClientPerRequest() {
        Events tests = run(WebClientTestCases.class).testEvents();

        assertThat(failures(tests)).as("failed tests")
                .containsOnlyKeys("leavesABodyUnconsumed()", "buildsAWebClientPerRequest()");
        assertStatistics(tests, stats -> stats.started(4).succeeded(2).failed(2));
    }

    @Test
    void failsABodyNeverConsumedNamingTheLineThatAcquiredItsConnection() {
        Events tests = run(WebClientTestCases.class).testEvents();

        assertThat(verdict(tests, "leavesABodyUnconsumed")).isEqualTo(UNCONSUMED_BODY);
    }

    @Test
    void failsAWebClientPerRequestAsChurnNamingTheLineThatMadeTheRequest() {
        Events tests = run(WebClientTestCases.class).testEvents();

        assertThat(verdict(tests, "buildsAWebClientPerRequest")).startsWith(PER_REQUEST_CHURN);
    }

    /** Reactor Netty on NIO, as off Linux or with native transports turned off: the same verdicts. */
    @Test
    void judgesReactorNettyOnNioAlike() {
        Events tests = run(NioWebClientTestCases.class).testEvents();

        assertThat(failures(tests)).as("failed tests")
                .containsOnlyKeys("leavesABodyUnconsumed()", "buildsAWebClientPerRequest()");
        assertThat(verdict(tests, "leavesABodyUnconsumed")).isEqualTo(UNCONSUMED_BODY);
        assertThat(verdict(tests, "buildsAWebClientPerRequest")).startsWith(PER_REQUEST_CHURN);
    }

    @Test
    void underParallelExecutionFailsOnlyTheTestThatChurnsOnTheSharedEventLoopFiveRoundsInARow() {
        assertOnlyTheChurningTestFailsFiveRoundsInARow(SharedWebClientTestCases.class);
    }

    /** Attribution follows the subscription onto Reactor's scheduler threads, and the site is the subscribing line. */
    @Test
    void alsoWhenEachTestSubscribesOnAReactorScheduler() {
        assertOnlyTheChurningTestFailsFiveRoundsInARow(SharedWebClientOnSchedulerTestCases.class);
    }

    private static void assertOnlyTheChurningTestFailsFiveRoundsInARow(Class<? extends SharedWebClient> fixture) {
        String site = openedAt(SharedWebClient.class, "churnsOnTheSharedEventLoop", "shared-loop");
        for (int round = 1; round <= 5; round++) {
            Events tests = run(fixture, PARALLEL).testEvents();

            assertThat(failures(tests)).as("failed tests in round %d", round)
                    .containsOnlyKeys("churnsOnTheSharedEventLoop()");
            assertStatistics(tests, stats -> stats.started(4).succeeded(3).failed(1));
            assertThat(verdict(tests, "churnsOnTheSharedEventLoop")).as("round %d", round)
                    .startsWith(twoChurnedClientEnds(site));
        }
    }

    /**
     * Four tests that run at once (each waits for the others), sharing one WebClient whose pool and single event loop
     * thread started before them: three make requests through it, the fourth builds a WebClient with a pool of its own
     * per request on the same event loop, disposing of each pool after its request. Each subscribes where {@link
     * #subscribed} says. Run in parallel only.
     */
    @SocketWatch(settleTimeout = "300ms")
    abstract static class SharedWebClient {

        private static MockWebServer server;
        private static LoopResources loop;
        private static ConnectionProvider provider;
        private static WebClient shared;
        private static CyclicBarrier allRunning;

        @BeforeAll
        static void start() throws Exception {
            server = new MockWebServer();
            server.start(InetAddress.getByName("127.0.0.1"), 0);
            server.setDispatcher(ClientPerCallTests.WithServer.ANSWERING_OK);
            loop = LoopResources.create("shared", 1, true);
            provider = ConnectionProvider.create("shared", 8);
            shared = webClient(provider);
            assertThat(shared.get().retrieve().bodyToMono(String.class).block()).isEqualTo("ok"); // loop started
            allRunning = new CyclicBarrier(4);
        }

        static WebClient webClient(ConnectionProvider pool) {
            return WebClient.builder()
                    .clientConnector(new ReactorClientHttpConnector(HttpClient.create(pool).runOn(loop)))
                    .baseUrl("http://127.0.0.1:" + server.getPort()).build();
        }

        @Test
        void sharesTheClient() throws Exception {
            requestsWhileTheOthersRun();
        }

        @Test
        void sharesTheClientToo() throws Exception {
            requestsWhileTheOthersRun();
        }

        @Test
        void sharesTheClientAsWell() throws Exception {
            requestsWhileTheOthersRun();
        }

        @Test
        void churnsOnTheSharedEventLoop() throws Exception {
            allRunning.await(10, TimeUnit.SECONDS);
            for (int request = 0; request < 3; request++) {
                ConnectionProvider own = ConnectionProvider.create("own", 1);
                subscribed(webClient(own).get().retrieve().bodyToMono(String.class)).block(); // line: shared-loop
                own.disposeLater().block();
            }
        }

        private void requestsWhileTheOthersRun() throws Exception {
            allRunning.await(10, TimeUnit.SECONDS);
            for (int request = 0; request < 3; request++) {
                assertThat(subscribed(shared.get().retrieve().bodyToMono(String.class)).block()).isEqualTo("ok");
            }
        }

        /** Returns {@code response} as the test subscribes to it. */
        abstract Mono<String> subscribed(Mono<String> response);

        @AfterAll
        static void stop() {
            provider.disposeLater().block();
            loop.disposeLater().block();
            server.close();
        }
    }

    /** A request in flight across tests belongs to none: a leak check cannot tell whose it is. */
    @Test
    void neverBlamesATestForARequestAThreadOutsideItsWindowBeganMeanwhile() {
        Events tests = run(BackgroundPollerTestCases.class).testEvents();

        assertThat(failures(tests)).as("failed tests").isEmpty();
        assertStatistics(tests, stats -> stats.started(1).succeeded(1));
    }

    /**
     * A poller thread started before the tests, in no test's window, that begins a request while the test runs and
     * holds its connection (its large body unconsumed) past the test's end.
     */
    @SocketWatch(settleTimeout = "300ms")
    static class BackgroundPollerTestCases {

        private static final CountDownLatch POLL = new CountDownLatch(1);
        private static final CountDownLatch POLLED = new CountDownLatch(1);
        private static MockWebServer server;
        private static ConnectionProvider provider;
        private static Thread poller;

        @BeforeAll
        static void startThePoller() throws IOException {
            server = new MockWebServer();
            server.setDispatcher(new Dispatcher() {
                @Override
                public MockResponse dispatch(RecordedRequest request) {
                    return new MockResponse.Builder().body("x".repeat(4 << 20)).build();
                }
            });
            server.start(InetAddress.getByName("127.0.0.1"), 0);
            provider = ConnectionProvider.create("poller", 1);
            WebClient client = WebClient.builder()
                    .clientConnector(new ReactorClientHttpConnector(HttpClient.create(provider)))
                    .baseUrl("http://127.0.0.1:" + server.getPort()).build();
            poller = new Thread(() -> {
                try {
                    if (POLL.await(10, TimeUnit.SECONDS)) {
                        client.get().retrieve().toEntityFlux(String.class).block();
                        POLLED.countDown();
                    }
                } catch (InterruptedException stopped) {
                    Thread.currentThread().interrupt();
                }
            }, "poller");
            poller.start();
        }

        @Test
        void runsWhileThePollerHoldsAConnection() throws InterruptedException {
            POLL.countDown();
            assertThat(POLLED.await(10, TimeUnit.SECONDS)).isTrue();
        }

        @AfterAll
        static void stopThePoller() throws InterruptedException {
            poller.join(10_000);
            provider.disposeLater().block();
            server.close();
        }
    }

    /** Subscribes on the calling thread, the test's, with {@code block()}. */
    static class SharedWebClientTestCases extends SharedWebClient {

        @Override
        Mono<String> subscribed(Mono<String> response) {
            return response;
        }
    }

    /** Subscribes on one of Reactor's parallel scheduler threads, shared by the four tests. */
    static class SharedWebClientOnSchedulerTestCases extends SharedWebClient {

        @Override
        Mono<String> subscribed(Mono<String> response) {
            return response.subscribeOn(Schedulers.parallel());
        }
    }

    /**
     * WebClients of one MockWebServer on loopback, most sharing one client whose pool holds 4 connections, on the
     * transport {@link #onTransport} chooses.
     */
    @SocketWatch(settleTimeout = "300ms")
    abstract static class WebClients {

        static final int POOL_MAXIMUM = 4;
        /** Holds the answers to requests at once until as many as the pool allows arrived, each on its connection. */
        private static final CountDownLatch POOL_FULL = new CountDownLatch(POOL_MAXIMUM);

        private static MockWebServer server;
        private static ConnectionProvider provider;
        private static WebClient client;

        @BeforeAll
        static void start() throws IOException {
            server = new MockWebServer();
            server.setDispatcher(new Dispatcher() {
                @Override
                public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
                    return switch (request.getUrl().encodedPath()) {
                        // larger than Reactor Netty reads unasked: the connection stays acquired until it is read
                        case "/large" -> new MockResponse.Builder().body("x".repeat(4 << 20)).build();
                        case "/at-once" -> {
                            POOL_FULL.countDown();
                            POOL_FULL.await(5, TimeUnit.SECONDS);
                            yield new MockResponse.Builder().body("ok").build();
                        }
                        default -> new MockResponse.Builder().body("ok").build();
                    };
                }
            });
            server.start(InetAddress.getByName("127.0.0.1"), 0);
            provider = ConnectionProvider.create("shared", POOL_MAXIMUM);
            client = null;
        }

        /** Returns {@code http} on the transport this fixture tests. */
        abstract HttpClient onTransport(HttpClient http);

        /** Returns the client the tests share, built once per run of the fixture. */
        WebClient client() {
            if (client == null) {
                client = webClient(provider);
            }
            return client;
        }

        WebClient webClient(ConnectionProvider pool) {
            return WebClient.builder()
                    .clientConnector(new ReactorClientHttpConnector(onTransport(HttpClient.create(pool))))
                    .baseUrl("http://127.0.0.1:" + server.getPort()).build();
        }

        @Test
        void sharesOneClient(SocketWatcher watcher) {
            for (int request = 0; request < 3; request++) {
                assertThat(client().get().retrieve().bodyToMono(String.class).block()).isEqualTo("ok");
            }
            watcher.assertConnectionReused("127.0.0.1", server.getPort());
        }

        /** Passes only because the reuse check allows the pool's maximum, read from Reactor Netty's pool. */
        @Test
        void requestsAtOnceWithinThePoolsMaximum(SocketWatcher watcher) {
            Flux.range(0, 2 * POOL_MAXIMUM)
                    .flatMap(i -> client().get().uri("/at-once").retrieve().bodyToMono(String.class), 2 * POOL_MAXIMUM)
                    .blockLast();
            SocketActivity activity = watcher.activity();
            assertThat(activity.connections()).filteredOn(connection -> connection.side() == Side.CLIENT)
                    .hasSize(POOL_MAXIMUM);
            assertThat(activity.resources()).hasSize(2 * POOL_MAXIMUM).extracting(ClientResource::poolMaximumSize)
                    .containsOnly(OptionalInt.of(POOL_MAXIMUM));
            watcher.assertConnectionReused("127.0.0.1", server.getPort());
        }

        @Test
        void leavesABodyUnconsumed() {
            client().get().uri("/large").retrieve().toEntityFlux(String.class).block(); // line: leak
        }

        @Test
        void buildsAWebClientPerRequest() {
            for (int request = 0; request < 3; request++) {
                ConnectionProvider own = ConnectionProvider.create("per-request", POOL_MAXIMUM);
                webClient(own).get().retrieve().bodyToMono(String.class).block(); // line: per-request
                own.disposeLater().block();
            }
        }

        /** Closes the pool after the verdicts, with the connection left acquired. */
        @AfterAll
        static void stop() {
            provider.disposeLater().block();
            server.close();
        }
    }

    /** On Reactor Netty's default transport: epoll, on Linux. */
    static class WebClientTestCases extends WebClients {

        @Override
        HttpClient onTransport(HttpClient http) {
            return http;
        }
    }

    /** On NIO, on Reactor Netty's default event loops. */
    static class NioWebClientTestCases extends WebClients {

        @Override
        HttpClient onTransport(HttpClient http) {
            return http.runOn(HttpResources.get(), false);
        }
    }
}
