package io.socketwatch.junit;

import static io.socketwatch.junit.testkit.SocketWatchTestKit.failure;
import static io.socketwatch.junit.testkit.SocketWatchTestKit.failures;
import static io.socketwatch.junit.testkit.SocketWatchTestKit.normalized;
import static io.socketwatch.junit.testkit.SocketWatchTestKit.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.socketwatch.testing.SourceLines;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.Events;

/**
 * Test infrastructure is not the code under test: sockets that MockWebServer (and the other servers of
 * {@link io.socketwatch.SocketWatcher#TEST_INFRASTRUCTURE}) or a user's own test support opened or accepted are set
 * aside, while the client end of a connection to them is still judged.
 */
@EnabledOnOs(OS.LINUX)
class TestInfrastructureTests {

    @Nested
    @DisplayName("MockWebServer's own sockets")
    class MockWebServerSockets {

        @Test
        void areNotBlamedWhenTheClientTimesOutWhileTheServerStillWritesAThrottledBody() {
            Events tests = run(MockWebServerTestCases.class, Map.of()).testEvents();

            assertThat(failures(tests)).containsOnlyKeys("anUnclosedResponseBody()");
        }

        @Test
        void butTheClientEndOfAConnectionToItIsStillJudged() {
            Events tests = run(MockWebServerTestCases.class, Map.of()).testEvents();

            Throwable failure = failure(tests, "anUnclosedResponseBody");
            assertThat(failure).isInstanceOf(AssertionError.class);
            assertThat(failure.getMessage())
                    .startsWith("\nExpecting socket activity to leak no connection, but 1 connection was leaked:\n"
                            + "  OkHttp call  GET http://localhost:")
                    .contains("not released  age ")
                    .contains("obtained at io.socketwatch.junit.TestInfrastructureTests$MockWebServerTestCases"
                            + ".anUnclosedResponseBody(TestInfrastructureTests.java:" + line("unclosed-body") + ")")
                    .endsWith("\nNote: 1 connection end opened by test infrastructure, not the code under test, set "
                            + "aside (mockwebserver3.MockWebServer).\n");
        }
    }

    @Nested
    @DisplayName("an embedded PostgreSQL")
    class EmbeddedPostgreSql {

        @Test
        void startedInsideATestIsNotBlamedForItsReadinessProbesWhileTheTestsOwnQueryIsJudged() {
            Events tests = run(EmbeddedPostgresTestCases.class, Map.of()).testEvents();

            assertThat(failures(tests)).containsOnlyKeys("aConnectionNeverClosed()");
            assertThat(failure(tests, "aConnectionNeverClosed").getMessage())
                    .startsWith("\nExpecting socket activity to leak no connection, but 1 connection was leaked:\n"
                            + "  JDBC connection  jdbc:postgresql://localhost:")
                    .contains("(TestInfrastructureTests.java:" + line("pg-leak") + ")")
                    .doesNotContain("verifyReady");
        }
    }

    @Nested
    @DisplayName("a user's own test server")
    class OwnTestServer {

        @Test
        void isBlamedLikeAnyCodeUnlessNamedInIgnoreOpenedBy() {
            Events tests = run(OwnServerTestCases.class, Map.of()).testEvents();

            tests.assertStatistics(stats -> stats.started(2).succeeded(1).failed(1));
            assertThat(normalized(failure(tests, "notIgnored").getMessage())).isEqualTo("""

                    Expecting socket activity to leak no connection, but 1 connection was leaked:
                      127.0.0.1:<port> -> 127.0.0.1:<port>  server  CLOSE_WAIT  age <age>  1 exchange  closed by the \
                    peer only  opened at io.socketwatch.junit.TestInfrastructureTests$FakeServer.accept(\
                    TestInfrastructureTests.java:%d)
                          the peer closed it and this JVM never did (CLOSE_WAIT)
                    Fix: close every socket, response body and JDBC connection you open, in a try-with-resources; the \
                    JDK closes a dropped socket only when the garbage collector finds it.
                    """.formatted(line("fake-accept")));
        }

        @Test
        void isSetAsideWhenNamedInTheConfigurationParameter() {
            Events tests = run(OwnServerTestCases.class, Map.of(SocketWatch.IGNORE_OPENED_BY_PROPERTY,
                    " com.example.unrelated. , io.socketwatch.junit.TestInfrastructureTests$FakeServer")).testEvents();

            assertThat(failures(tests)).isEmpty();
        }

        @Test
        void anInvalidPrefixNamesTheKeyAndTheValue() {
            Events classes = run(OwnServerTestCases.class, Map.of(SocketWatch.IGNORE_OPENED_BY_PROPERTY, "com/acme"))
                    .containerEvents();

            assertThat(classFailure(classes, OwnServerTestCases.class))
                    .isInstanceOf(ExtensionConfigurationException.class)
                    .hasMessage("socketwatch: invalid value 'com/acme' for socketwatch.ignore.openedby.default: "
                            + "expected class or package name prefixes, comma-separated, e.g. com.acme.testsupport. "
                            + "or com.acme.FakeServer");
        }

        @Test
        void anInvalidAttributeNamesTheAttributeAndTheValue() {
            Events classes = run(InvalidAttributeTestCases.class, Map.of()).containerEvents();

            assertThat(classFailure(classes, InvalidAttributeTestCases.class))
                    .isInstanceOf(ExtensionConfigurationException.class)
                    .hasMessage("socketwatch: invalid value 'com..acme' for @SocketWatch(ignoreOpenedBy): "
                            + "expected class or package name prefixes, comma-separated, e.g. com.acme.testsupport. "
                            + "or com.acme.FakeServer");
        }
    }

    @SocketWatch
    static class MockWebServerTestCases {

        private final MockWebServer server = new MockWebServer();
        private final OkHttpClient client = new OkHttpClient.Builder().readTimeout(Duration.ofMillis(200)).build();

        @BeforeEach
        void start() throws IOException {
            server.start(InetAddress.getLoopbackAddress(), 0);
        }

        @AfterEach
        void stop() {
            client.connectionPool().evictAll();
            client.dispatcher().executorService().shutdown();
            server.close();
        }

        @Test
        void aClientTimeoutWhileTheServerStillWritesAThrottledBody() {
            // one byte every 3 s: the client gives up after 200 ms and closes; the server's end waits in CLOSE_WAIT
            server.enqueue(new MockResponse.Builder().body("0123456789").throttleBody(1, 3, TimeUnit.SECONDS).build());
            assertThatThrownBy(() -> {
                try (Response response = client.newCall(new Request.Builder().url(server.url("/")).build())
                        .execute()) {
                    response.body().string();
                }
            }).isInstanceOf(SocketTimeoutException.class);
        }

        @Test
        void anUnclosedResponseBody() throws IOException {
            server.enqueue(new MockResponse.Builder().body("hello").build());
            Response response = client.newCall(new Request.Builder().url(server.url("/")).build()).execute(); // line: unclosed-body
            assertThat(response.code()).isEqualTo(200);
        }
    }

    @SocketWatch
    static class EmbeddedPostgresTestCases {

        private EmbeddedPostgres postgres;
        private Connection leaked;

        @AfterEach
        void stop() throws Exception {
            if (leaked != null) {
                leaked.close();
            }
            postgres.close();
        }

        private String url() {
            return postgres.getJdbcUrl("postgres", "postgres");
        }

        @Test
        void startedLazilyAndQueriedCleanly() throws Exception {
            postgres = EmbeddedPostgres.start();
            try (Connection connection = DriverManager.getConnection(url());
                 Statement statement = connection.createStatement()) {
                assertThat(statement.executeQuery("select 1").next()).isTrue();
            }
        }

        @Test
        void aConnectionNeverClosed() throws Exception {
            postgres = EmbeddedPostgres.start();
            leaked = DriverManager.getConnection(url()); // line: pg-leak
            assertThat(leaked.isValid(5)).isTrue();
        }
    }

    /** A test server of the user's own that never closes what it accepts. */
    static final class FakeServer implements AutoCloseable {

        private final ServerSocket listener;
        private final List<Socket> accepted = new CopyOnWriteArrayList<>();

        FakeServer() throws IOException {
            listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        }

        /** Accepts one connection, reads a request line, answers, and keeps the socket open. */
        void accept() throws IOException {
            Socket socket = listener.accept(); // line: fake-accept
            accepted.add(socket);
            InputStream in = socket.getInputStream();
            while (in.read() != '\n') {
                // the request line
            }
            socket.getOutputStream().write("OK\n".getBytes(StandardCharsets.US_ASCII));
        }

        int port() {
            return listener.getLocalPort();
        }

        @Override
        public void close() throws IOException {
            for (Socket socket : accepted) {
                socket.close();
            }
            listener.close();
        }
    }

    @SocketWatch
    static class OwnServerTestCases {

        private FakeServer server;

        @AfterEach
        void closeServer() throws IOException {
            server.close();
        }

        /** The client closes after one exchange; the fake server keeps its end, which the peer closed, open. */
        void exchangeAndClose() throws Exception {
            server = new FakeServer();
            Thread acceptor = new Thread(() -> {
                try {
                    server.accept();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            acceptor.start();
            try (Socket client = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
                client.getOutputStream().write("GET\n".getBytes(StandardCharsets.US_ASCII));
                assertThat(client.getInputStream().readNBytes(3)).isEqualTo("OK\n".getBytes(StandardCharsets.US_ASCII));
            }
            acceptor.join(5_000);
            awaitEndOfStream(server.accepted.get(0));
        }

        @Test
        void notIgnored() throws Exception {
            exchangeAndClose();
        }

        @Test
        @SocketWatch(ignoreOpenedBy = "io.socketwatch.junit.TestInfrastructureTests$FakeServer")
        void ignored() throws Exception {
            exchangeAndClose();
        }
    }

    @SocketWatch(ignoreOpenedBy = "com..acme")
    static class InvalidAttributeTestCases {

        @Test
        void test() {
        }
    }

    /** Waits, bounded, until {@code socket} has read its peer's FIN, which puts it in CLOSE_WAIT. */
    private static void awaitEndOfStream(Socket accepted) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (System.nanoTime() < deadline) {
            try {
                accepted.setSoTimeout(50);
                if (accepted.getInputStream().read() == -1) {
                    return;
                }
            } catch (SocketTimeoutException e) {
                // not yet
            } catch (IOException e) {
                return;
            }
        }
    }

    /** Returns the failure of the test class {@code fixture}: a configuration error fails its container. */
    private static Throwable classFailure(Events containers, Class<?> fixture) {
        return containers.failed().stream()
                .filter(event -> event.getTestDescriptor().getUniqueId().toString().contains(fixture.getName()))
                .map(event -> event.getRequiredPayload(TestExecutionResult.class).getThrowable().orElseThrow())
                .findFirst().orElseThrow(() -> new AssertionError("no failed class " + fixture.getSimpleName()));
    }

    private static int line(String marker) {
        return SourceLines.line(TestInfrastructureTests.class, marker);
    }
}
