package io.socketwatch.junit;

import static io.socketwatch.junit.testkit.SocketWatchTestKit.assertStatistics;
import static io.socketwatch.junit.testkit.SocketWatchTestKit.at;
import static io.socketwatch.junit.testkit.SocketWatchTestKit.failures;
import static io.socketwatch.junit.testkit.SocketWatchTestKit.openedAt;
import static io.socketwatch.junit.testkit.SocketWatchTestKit.run;
import static io.socketwatch.junit.testkit.SocketWatchTestKit.verdict;
import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.socketwatch.junit.SocketWatch.Check;
import io.socketwatch.testing.Poll;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.OkHttpClient;
import okhttp3.Protocol;
import okhttp3.Request;
import okhttp3.Response;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.platform.testkit.engine.Events;

/**
 * The client-per-call check, a default one: a client built per call fails, with the line that built each client; a
 * shared client, requests at once, a JDBC pool filling up, HTTP/2 and two clients built on purpose pass.
 */
@EnabledOnOs(OS.LINUX)
class ClientPerCallTests {

    /** The end of every client-per-call message: what it costs, the fix, and MockWebServer's ends set aside. */
    private static final String COST_FIX_AND_NOTE = """
            Each client has a pool of its own: its connection, used for one call, stays open and idle in a pool nobody \
            uses again, and every call pays a new connection (and TLS handshake).
            Fix: build one client and share it (a field or a singleton, not a local variable), so that its pool reuses \
            the idle connection for the next call.
            Note: 3 connection ends opened by test infrastructure, not the code under test, set aside \
            (mockwebserver3.MockWebServer x3).
            """;

    @Nested
    @DisplayName("fails a client built per call")
    class Fails {

        @Test
        void anOkHttpClientPerCallNamingTheLineThatBuiltEachClient() {
            Events tests = run(OkHttpPerCallTestCases.class).testEvents();

            assertStatistics(tests, stats -> stats.started(1).failed(1));
            assertThat(verdict(tests, "anOkHttpClientPerCall")).isEqualTo(expected(OkHttpPerCallTestCases.class,
                    "anOkHttpClientPerCall", "okhttp", "OkHttpClient", "ESTABLISHED  age <age>  1 exchange  open"));
        }

        @Test
        void aJdkHttpClientPerCallNamingTheLineThatBuiltEachClient() {
            Events tests = run(JdkPerCallTestCases.class).testEvents();

            assertStatistics(tests, stats -> stats.started(1).failed(1));
            assertThat(verdict(tests, "aJdkHttpClientPerCall")).isEqualTo(expected(JdkPerCallTestCases.class,
                    "aJdkHttpClientPerCall", "jdk", "HttpClient", "ESTABLISHED  age <age>  1 exchange  open"));
        }

        /**
         * The abandoned Apache clients are collected at the test's end, and their sockets with them: dropped without
         * close, and closed (in TIME_WAIT) once the JDK's cleaner gets to them. The one message covers that too: no
         * leak or churn message of its own.
         */
        @Test
        void anApacheHttpClientPerCallInOneMessageThatCoversTheSocketsDroppedWithTheClients() {
            Events tests = run(ApachePerCallTestCases.class).testEvents();

            assertStatistics(tests, stats -> stats.started(1).failed(1));
            assertThat(verdict(tests, "anApacheHttpClientPerCall")
                    .replaceAll("client  (ESTABLISHED|TIME_WAIT)  ", "client  <state>  "))
                    .isEqualTo(expected(ApachePerCallTestCases.class, "anApacheHttpClientPerCall", "apache",
                            "PoolingHttpClientConnectionManager",
                            "<state>  age <age>  1 exchange  dropped without close"));
        }

        /** The message for three clients built at the line marked {@code marker-built}, called at {@code -call}. */
        private static String expected(Class<?> fixture, String method, String marker, String type,
                                       String connection) {
            String line = "  127.0.0.1:<port> -> 127.0.0.1:<port>  client  " + connection + "  "
                    + openedAt(fixture, method, marker + "-call") + "\n      its " + type + " was built at "
                    + fixture.getName() + "." + method + at(fixture, marker + "-built") + "\n";
            return "\nExpecting socket activity to share one client per endpoint, but 3 clients were built for "
                    + "127.0.0.1:<port>, one per call, each opening a connection of its own while the previous "
                    + "client's sat open and idle:\n" + line + line + line + COST_FIX_AND_NOTE;
        }
    }

    @Nested
    @DisplayName("passes")
    class Passes {

        @Test
        void aSharedClientRequestsAtOnceAJdbcPoolFillingUpHttp2AndTwoClientsBuiltOnPurpose() {
            Events tests = run(CleanTestCases.class).testEvents();

            assertThat(failures(tests)).isEmpty();
            assertStatistics(tests, stats -> stats.started(5).succeeded(5));
        }

        @Test
        void aClientPerCallWhenTheCheckIsSwitchedOff() {
            Events tests = run(SwitchedOffTestCases.class).testEvents();

            assertThat(failures(tests)).isEmpty();
            assertStatistics(tests, stats -> stats.started(1).succeeded(1));
        }
    }

    /** A MockWebServer on loopback answering every request, started before the fixture's tests. */
    abstract static class WithServer {

        static final Dispatcher ANSWERING_OK = new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                return new MockResponse.Builder().body("ok").build();
            }
        };

        static MockWebServer server;

        @BeforeAll
        static void startServer() throws IOException {
            server = new MockWebServer();
            server.setDispatcher(ANSWERING_OK);
            server.start(InetAddress.getByName("127.0.0.1"), 0);
        }

        @AfterAll
        static void stopServer() {
            server.close();
        }

        static Request request() {
            return new Request.Builder().url(server.url("/")).build();
        }

        /** Makes {@code calls} calls to {@code target} at once on {@code client}, then evicts its connections. */
        static void callAtOnce(OkHttpClient client, MockWebServer target, int calls) throws Exception {
            ExecutorService callers = Executors.newFixedThreadPool(calls);
            try {
                List<Future<String>> answers = new ArrayList<>();
                for (int call = 0; call < calls; call++) {
                    answers.add(callers.submit(() -> {
                        try (Response response = client.newCall(new Request.Builder().url(target.url("/")).build())
                                .execute()) {
                            return response.body().string();
                        }
                    }));
                }
                for (Future<String> answer : answers) {
                    assertThat(answer.get(20, TimeUnit.SECONDS)).isEqualTo("ok");
                }
            } finally {
                callers.shutdown();
                client.connectionPool().evictAll();
            }
        }

        static String get(OkHttpClient client) throws IOException {
            try (Response response = client.newCall(request()).execute()) {
                return response.body().string();
            }
        }
    }

    @SocketWatch
    static class OkHttpPerCallTestCases extends WithServer {

        @Test
        void anOkHttpClientPerCall() throws IOException {
            for (int call = 0; call < 3; call++) {
                OkHttpClient client = new OkHttpClient(); // line: okhttp-built
                try (Response response = client.newCall(request()).execute()) { // line: okhttp-call
                    assertThat(response.body().string()).isEqualTo("ok");
                }
            }
        }
    }

    @SocketWatch
    static class JdkPerCallTestCases extends WithServer {

        @Test
        void aJdkHttpClientPerCall() throws Exception {
            // kept reachable, so that no garbage collection in the test closes their connections (JDK 21 and later do)
            List<HttpClient> clients = new ArrayList<>();
            for (int call = 0; call < 3; call++) {
                HttpClient client = HttpClient.newHttpClient(); // line: jdk-built
                clients.add(client);
                HttpRequest request = HttpRequest.newBuilder(URI.create(server.url("/").toString())).build();
                assertThat(client.send(request, HttpResponse.BodyHandlers.ofString()).body()) // line: jdk-call
                        .isEqualTo("ok");
            }
        }
    }

    @SocketWatch
    static class ApachePerCallTestCases extends WithServer {

        @Test
        void anApacheHttpClientPerCall() throws IOException {
            for (int call = 0; call < 3; call++) {
                CloseableHttpClient client = HttpClients.createDefault(); // line: apache-built
                HttpGet get = new HttpGet(server.url("/").toString());
                String body = client.execute(get, // line: apache-call
                        response -> EntityUtils.toString(response.getEntity()));
                assertThat(body).isEqualTo("ok");
            }
        }
    }

    @SocketWatch
    static class CleanTestCases extends WithServer {

        @Test
        void aSharedClientCallsOneAfterAnother() throws IOException {
            OkHttpClient client = new OkHttpClient();
            for (int call = 0; call < 3; call++) {
                assertThat(get(client)).isEqualTo("ok");
            }
        }

        /** Four calls at once on one client: its pool opens four connections, none idle when the next opens. */
        @Test
        void aSharedClientCallsAtOnce() throws Exception {
            int calls = 4;
            CountDownLatch allArrived = new CountDownLatch(calls);
            try (MockWebServer waiting = new MockWebServer()) {
                waiting.setDispatcher(new Dispatcher() {
                    @Override
                    public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
                        allArrived.countDown();
                        assertThat(allArrived.await(10, TimeUnit.SECONDS)).as("all calls arrived").isTrue();
                        return new MockResponse.Builder().body("ok").build();
                    }
                });
                waiting.start(InetAddress.getByName("127.0.0.1"), 0);
                callAtOnce(new OkHttpClient(), waiting, calls);
            }
        }

        /** HikariCP at its default size, 10, filling up to its minimum idle connections, used by 10 threads. */
        @Test
        void aHikariPoolAtItsDefaultSizeUsedByTenThreads() throws Exception {
            try (EmbeddedPostgres postgres = EmbeddedPostgres.start()) {
                HikariConfig config = new HikariConfig();
                config.setJdbcUrl(postgres.getJdbcUrl("postgres", "postgres"));
                try (HikariDataSource pool = new HikariDataSource(config)) {
                    ExecutorService users = Executors.newFixedThreadPool(10);
                    try {
                        List<Future<Integer>> answers = new ArrayList<>();
                        for (int user = 0; user < 10; user++) {
                            answers.add(users.submit(() -> {
                                try (Connection connection = pool.getConnection();
                                     Statement statement = connection.createStatement();
                                     ResultSet result = statement.executeQuery("select 1")) {
                                    result.next();
                                    return result.getInt(1);
                                }
                            }));
                        }
                        for (Future<Integer> answer : answers) {
                            assertThat(answer.get(20, TimeUnit.SECONDS)).isEqualTo(1);
                        }
                        // closed once full: a pool closed while it still adds connections replaces the ones it closed
                        assertThat(Poll.until(pool.getHikariPoolMXBean()::getTotalConnections, total -> total == 10))
                                .as("connections in the pool").isEqualTo(10);
                    } finally {
                        users.shutdown();
                    }
                }
            }
        }

        /** HTTP/2 without TLS: three calls at once multiplexed over one connection. */
        @Test
        void http2MultiplexesCallsOverOneConnection() throws Exception {
            try (MockWebServer h2c = new MockWebServer()) {
                h2c.setProtocols(List.of(Protocol.H2_PRIOR_KNOWLEDGE));
                h2c.setDispatcher(ANSWERING_OK);
                h2c.start(InetAddress.getByName("127.0.0.1"), 0);
                callAtOnce(new OkHttpClient.Builder().protocols(List.of(Protocol.H2_PRIOR_KNOWLEDGE)).build(), h2c, 3);
            }
        }

        /** Two clients, configured differently on purpose, each reusing its own connection. */
        @Test
        void twoClientsBuiltOnPurposeEachReusingItsConnection() throws IOException {
            OkHttpClient fast = new OkHttpClient.Builder().callTimeout(java.time.Duration.ofSeconds(1)).build();
            OkHttpClient patient = new OkHttpClient.Builder().callTimeout(java.time.Duration.ofSeconds(30)).build();
            for (int call = 0; call < 2; call++) {
                assertThat(get(fast)).isEqualTo("ok");
                assertThat(get(patient)).isEqualTo("ok");
            }
        }
    }

    @SocketWatch(checks = {Check.TIME_WAIT, Check.CLOSE_WAIT, Check.CONNECTION_LEAK})
    static class SwitchedOffTestCases extends WithServer {

        @Test
        void anOkHttpClientPerCall() throws IOException {
            for (int call = 0; call < 3; call++) {
                assertThat(get(new OkHttpClient())).isEqualTo("ok");
            }
        }
    }
}
