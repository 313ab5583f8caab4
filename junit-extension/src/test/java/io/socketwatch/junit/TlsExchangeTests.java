package io.socketwatch.junit;

import static io.socketwatch.junit.testkit.SocketWatchTestKit.assertStatistics;
import static io.socketwatch.junit.testkit.SocketWatchTestKit.openedAt;
import static io.socketwatch.junit.testkit.SocketWatchTestKit.run;
import static io.socketwatch.junit.testkit.SocketWatchTestKit.verdict;
import static org.assertj.core.api.Assertions.assertThat;

import io.socketwatch.SocketWatcher;
import io.socketwatch.model.TcpConnection;
import io.socketwatch.model.TcpConnection.Side;
import io.socketwatch.testing.SelfSignedTls;
import java.io.IOException;
import java.net.InetAddress;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import okhttp3.OkHttpClient;
import okhttp3.Protocol;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.platform.testkit.engine.Events;

/**
 * Exchanges over TLS are turns of application data: a TLS 1.3 handshake's own turns (ClientHello; ChangeCipherSpec
 * after ServerHello) count for nothing, so that one HTTPS request on one connection is no reuse, and a failure message
 * counts one exchange per request. Through an {@code SSLSocket} (OkHttp) and an {@code SSLEngine} (the JDK client), over
 * HTTP/1.1; over HTTP/2, each stream the client opens is an exchange, whatever frames the connection carries.
 */
@EnabledOnOs(OS.LINUX)
class TlsExchangeTests {

    private static final String ONE_REQUEST = """

            Expecting socket activity to reuse connections to 127.0.0.1:<port> (at most 1 connection), but only 1 \
            exchange went to it over 1 connection: reuse needs at least 2.
            """;

    /**
     * How the verdict on two requests answered with Connection: close starts, for a client opening at {@code site}, its
     * connections' state read by {@link #stateless}.
     */
    private static String aConnectionPerRequest(String site) {
        String row = """
                  127.0.0.1:<port> -> 127.0.0.1:<port>  client  <state>  age <age>  1 exchange  closed first by this \
                JVM  %s
                      closed by this JVM after 1 exchange: the client does not pool connections, or sends or receives \
                Connection: close
                """.formatted(site);
        return """

                Expecting socket activity to reuse connections to 127.0.0.1:<port> (at most 1 connection), but 2 \
                exchanges went over 2 connections:
                """ + row + row + """
                Fix: share one client with a connection pool, read each response to the end and close it so its \
                connection returns to the pool, and keep the server's keep-alive on.
                """;
    }

    @Nested
    @DisplayName("exchanges over TLS")
    class Exchanges {

        @Test
        void countOneExchangePerRequestThroughAnSslSocket() {
            Events tests = run(OkHttp11TestCases.class).testEvents();

            assertStatistics(tests, stats -> stats.started(4).succeeded(2).failed(2));
            assertThat(verdict(tests, "oneRequestOnOneConnection")).startsWith(ONE_REQUEST);
            assertThat(stateless(verdict(tests, "aConnectionPerRequest")))
                    .startsWith(aConnectionPerRequest(openedAt(OkHttpTestCases.class, "get", "okhttp-get")));
        }

        @Test
        void countOneExchangePerRequestThroughAnSslEngine() {
            Events tests = run(JdkHttpClient11TestCases.class).testEvents();

            assertStatistics(tests, stats -> stats.started(4).succeeded(2).failed(2));
            assertThat(verdict(tests, "oneRequestOnOneConnection")).startsWith(ONE_REQUEST);
            assertThat(stateless(verdict(tests, "aConnectionPerRequest")))
                    .startsWith(aConnectionPerRequest(openedAt(JdkHttpClientTestCases.class, "get", "jdk-get")));
        }

        @Test
        void countOneExchangePerHttp2Stream() {
            for (Class<?> fixture : List.of(OkHttpTestCases.class, JdkHttpClientTestCases.class)) {
                Events tests = run(fixture).testEvents();

                assertStatistics(tests, stats -> stats.started(3).succeeded(2).failed(1));
                assertThat(verdict(tests, "oneRequestOnOneConnection")).startsWith(ONE_REQUEST);
            }
        }
    }

    /**
     * Returns the verdict with each closed client end's state as {@code <state>}: whether the client's close leaves
     * TIME_WAIT or, with the server's close_notify unread, a reset (CLOSE) is a race these tests do not own.
     */
    private static String stateless(String verdict) {
        return verdict.replaceAll("client  (?:TIME_WAIT|CLOSE)  ", "client  <state>  ");
    }

    /** Returns the exchanges of the client connections to {@code port} in the test's activity so far. */
    private static List<Integer> exchangesTo(SocketWatcher watcher, int port) {
        return watcher.activity().connections().stream()
                .filter(connection -> connection.side() == Side.CLIENT && connection.remote().getPort() == port)
                .map(TcpConnection::exchanges)
                .toList();
    }

    /** An HTTPS server on loopback, answering each request with a short body, or with Connection: close. */
    abstract static class HttpsServerTestCases {

        final MockWebServer server = new MockWebServer();

        @BeforeEach
        void start() throws IOException {
            server.useHttps(SelfSignedTls.get().context().getSocketFactory());
            server.start(InetAddress.getLoopbackAddress(), 0);
        }

        @AfterEach
        void stopServer() {
            server.close();
        }

        /** Sends one GET request, reads its answer and returns the protocol it went over, as OkHttp names it. */
        abstract String get() throws Exception;

        @Test
        void oneRequestOnOneConnection(SocketWatcher watcher) throws Exception {
            answer(1);
            get();
            watcher.assertConnectionReused("127.0.0.1", server.getPort());
        }

        @Test
        void threeRequestsOnOneConnection(SocketWatcher watcher) throws Exception {
            answer(3);
            get();
            get();
            assertThat(get()).isEqualTo(expectedProtocol());
            watcher.assertConnectionReused("127.0.0.1", server.getPort());
            assertThat(exchangesTo(watcher, server.getPort())).containsExactly(3);
        }

        @Test
        void concurrentRequests(SocketWatcher watcher) throws Exception {
            answer(4);
            get();
            ExecutorService threads = Executors.newFixedThreadPool(3);
            try {
                List<Future<String>> sent = new ArrayList<>();
                for (int request = 0; request < 3; request++) {
                    sent.add(threads.submit(this::get));
                }
                for (Future<String> each : sent) {
                    assertThat(each.get(10, TimeUnit.SECONDS)).isEqualTo(expectedProtocol());
                }
            } finally {
                threads.shutdown();
            }
            // HTTP/2 multiplexes them on one connection, HTTP/1.1 opens more: one exchange each, however they went
            assertThat(exchangesTo(watcher, server.getPort())).as("exchanges per connection")
                    .satisfies(each -> assertThat(each.stream().mapToInt(Integer::intValue).sum()).isEqualTo(4));
        }

        /** Returns the protocol the fixture's requests should go over. */
        String expectedProtocol() {
            return getClass().getSimpleName().contains("11") ? "http/1.1" : "h2";
        }

        /** Sends two requests, each answered with Connection: close, then asserts reuse (HTTP/1.1 only). */
        void twoRequestsAnsweredWithConnectionClose(SocketWatcher watcher) throws Exception {
            answerAndClose(2);
            get();
            get();
            watcher.assertConnectionReused("127.0.0.1", server.getPort());
        }

        private void answer(int requests) {
            for (int request = 0; request < requests; request++) {
                server.enqueue(new MockResponse.Builder().body("hello").build());
            }
        }

        private void answerAndClose(int requests) {
            for (int request = 0; request < requests; request++) {
                server.enqueue(new MockResponse.Builder().body("hello").addHeader("Connection", "close").build());
            }
        }
    }

    /** OkHttp as built by default: HTTP/2 when the server offers it, as MockWebServer does. */
    @SocketWatch
    static class OkHttpTestCases extends HttpsServerTestCases {

        private final OkHttpClient client = new OkHttpClient.Builder()
                .sslSocketFactory(SelfSignedTls.get().context().getSocketFactory(), SelfSignedTls.get().trustManager())
                .protocols(protocols())
                .build();

        List<Protocol> protocols() {
            return List.of(Protocol.HTTP_2, Protocol.HTTP_1_1);
        }

        @AfterEach
        void stopClient() {
            client.connectionPool().evictAll();
            client.dispatcher().executorService().shutdown();
        }

        @Override
        String get() throws IOException {
            Request request = new Request.Builder().url(server.url("/")).build();
            try (Response response = client.newCall(request).execute()) { // line: okhttp-get
                assertThat(response.body().string()).isEqualTo("hello");
                return response.protocol().toString();
            }
        }
    }

    /** OkHttp limited to HTTP/1.1. */
    @SocketWatch
    static class OkHttp11TestCases extends OkHttpTestCases {

        @Override
        List<Protocol> protocols() {
            return List.of(Protocol.HTTP_1_1);
        }

        @Test
        void aConnectionPerRequest(SocketWatcher watcher) throws Exception {
            twoRequestsAnsweredWithConnectionClose(watcher);
        }
    }

    /** The JDK client as built by default: HTTP/2 when the server offers it. */
    @SocketWatch
    static class JdkHttpClientTestCases extends HttpsServerTestCases {

        private final HttpClient client = HttpClient.newBuilder()
                .sslContext(SelfSignedTls.get().context())
                .version(version())
                .build();

        HttpClient.Version version() {
            return HttpClient.Version.HTTP_2;
        }

        /** Closes the client where it can (JDK 21 and later); on JDK 17 its connections wait for the collector. */
        @AfterEach
        void stopClient() throws Exception {
            if (client instanceof AutoCloseable closeable) {
                closeable.close();
            }
        }

        @Override
        String get() throws IOException, InterruptedException {
            HttpRequest request = HttpRequest.newBuilder(server.url("/").uri()).build();
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString()); // line: jdk-get
            assertThat(response.body()).isEqualTo("hello");
            return response.version() == HttpClient.Version.HTTP_2 ? "h2" : "http/1.1";
        }
    }

    /** The JDK client limited to HTTP/1.1. */
    @SocketWatch
    static class JdkHttpClient11TestCases extends JdkHttpClientTestCases {

        @Override
        HttpClient.Version version() {
            return HttpClient.Version.HTTP_1_1;
        }

        @Test
        void aConnectionPerRequest(SocketWatcher watcher) throws Exception {
            twoRequestsAnsweredWithConnectionClose(watcher);
        }
    }
}
