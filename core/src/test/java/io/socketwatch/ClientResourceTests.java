package io.socketwatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.socketwatch.model.ClientResource;
import io.socketwatch.model.SocketActivity;
import io.socketwatch.model.TcpConnection;
import io.socketwatch.testing.SourceLines;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.CloseableHttpResponse;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/**
 * What client libraries hand the application, followed to its release, with the real libraries against real servers
 * on loopback. Each faulty usage fails {@code hasNoConnectionLeak} naming the line that obtained the resource; each
 * clean twin passes.
 */
@EnabledOnOs(OS.LINUX)
class ClientResourceTests {

    private static final Duration SETTLE = Duration.ofMillis(300);

    @Nested
    class OkHttp {

        private MockWebServer server;
        private OkHttpClient client;

        @BeforeEach
        void start() throws IOException {
            server = new MockWebServer();
            server.start(InetAddress.getByName("127.0.0.1"), 0);
            client = new OkHttpClient();
        }

        @AfterEach
        void stop() {
            client.connectionPool().evictAll();
            server.close();
        }

        @Test
        void aResponseBodyLeftOpenIsALeakNamingTheCallAndTheLine() throws IOException {
            server.enqueue(new MockResponse.Builder().body("hello").build());
            Response response;
            try (SocketWatcher watcher = SocketWatcher.start(SETTLE)) {
                response = client.newCall(new Request.Builder().url(server.url("/orders?password=secret")).build())
                        .execute(); // line: okhttp
                assertThatThrownBy(watcher::assertNoConnectionLeak)
                        .isInstanceOf(AssertionError.class).hasMessageStartingWith(withLines("""

                        Expecting socket activity to leak no connection, but 1 connection was leaked:
                          OkHttp call  GET http://localhost:%d/...  not released  age """.formatted(server.getPort())))
                        .hasMessageContaining(withLines("""
                                  obtained at io.socketwatch.ClientResourceTests$OkHttp\
                                .aResponseBodyLeftOpenIsALeakNamingTheCallAndTheLine(\
                                ClientResourceTests.java:{line:okhttp})
                                      its response body was never closed: the call keeps its connection out of the pool
                                """))
                        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("secret"));
            }
            response.close();
        }

        @Test
        void theConnectionOfACallIsOpenedAtTheLineThatMadeTheCallThoughOkHttpConnectsOnItsOwnThread()
                throws IOException {
            server.enqueue(new MockResponse.Builder().body("hello").build());
            try (SocketWatcher watcher = SocketWatcher.start(SETTLE)) {
                try (Response response = client.newCall(new Request.Builder().url(server.url("/")).build())
                        .execute()) { // line: okhttp-connect
                    assertThat(response.code()).isEqualTo(200);
                }
                assertThat(watcher.activity().connections())
                        .filteredOn(connection -> connection.side() == TcpConnection.Side.CLIENT)
                        .singleElement()
                        .satisfies(connection -> assertThat(connection.origin()).isEqualTo(TcpConnection.Origin.WINDOW))
                        .satisfies(connection -> assertThat(connection.openingSite().location())
                                .isEqualTo(withLines("ClientResourceTests.java:{line:okhttp-connect}")));
            }
        }

        @Test
        void aPooledConnectionTheServerClosedIsIdleInThePoolNotHeldByTheCode() throws Exception {
            // a server that answers one request with keep-alive, then closes the connection while it sits pooled
            try (ServerSocket closer = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"));
                 SocketWatcher watcher = SocketWatcher.start(SETTLE)) {
                Thread serverThread = new Thread(() -> {
                    try (Socket accepted = closer.accept()) {
                        InputStream in = accepted.getInputStream();
                        byte[] request = new byte[4096];
                        int read = 0;
                        while (!new String(request, 0, read, StandardCharsets.ISO_8859_1)
                                .contains("\r\n\r\n")) {
                            read += in.read(request, read, request.length - read);
                        }
                        accepted.getOutputStream().write(("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n"
                                + "Connection: keep-alive\r\n\r\nok").getBytes(StandardCharsets.ISO_8859_1));
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }, "closing-server");
                serverThread.start();
                String url = "http://127.0.0.1:" + closer.getLocalPort() + "/";
                try (Response response = client.newCall(new Request.Builder().url(url).build()).execute()) {
                    assertThat(response.body().string()).isEqualTo("ok");
                }
                serverThread.join(5000);
                assertThatThrownBy(watcher::assertNoCloseWaitLeak)
                        .hasMessageContaining("  client  CLOSE_WAIT  ")
                        .hasMessageContaining("\n      idle in OkHttp's pool: the server closed it while it sat unused "
                                + "(its keep-alive timeout is shorter than the pool's idle time)\n");
            }
        }

        @Test
        void aClosedResponseIsReleased() throws IOException {
            server.enqueue(new MockResponse.Builder().body("hello").build());
            try (SocketWatcher watcher = SocketWatcher.start(SETTLE)) {
                try (Response response = client.newCall(new Request.Builder().url(server.url("/")).build()).execute()) {
                    assertThat(response.code()).isEqualTo(200);
                }
                SocketActivity activity = watcher.assertNoConnectionLeak().activity();
                assertThat(activity.resources()).singleElement()
                        .satisfies(call -> assertThat(call.released()).isTrue())
                        .satisfies(call -> assertThat(call.kind()).isEqualTo(ClientResource.Kind.OKHTTP_CALL));
            }
        }
    }

    @Nested
    class ApacheHttpClient {

        private MockWebServer server;

        @BeforeEach
        void start() throws IOException {
            server = new MockWebServer();
            server.start(InetAddress.getByName("127.0.0.1"), 0);
        }

        @AfterEach
        void stop() {
            server.close();
        }

        @Test
        void aResponseNeverClosedKeepsItsLease() throws IOException {
            server.enqueue(new MockResponse.Builder().body("hello").build());
            try (CloseableHttpClient client = HttpClients.createDefault();
                 SocketWatcher watcher = SocketWatcher.start(SETTLE)) {
                CloseableHttpResponse response = client.execute(new HttpGet(server.url("/").uri())); // line: apache
                assertThat(response.getCode()).isEqualTo(200);
                assertThatThrownBy(watcher::assertNoConnectionLeak)
                        .isInstanceOf(AssertionError.class).hasMessageContaining(withLines("""
                          Apache HttpClient connection lease  {}->[http://localhost:%d]  not released  age \
                        """.formatted(server.getPort())))
                        .hasMessageContaining(withLines("""
                                  obtained at io.socketwatch.ClientResourceTests$ApacheHttpClient\
                                .aResponseNeverClosedKeepsItsLease(ClientResourceTests.java:{line:apache})
                                      its response was never closed: the lease is never released, and the route's \
                                pool (5 connections by default) has one connection less
                                """));
                response.close();
            }
        }

        @Test
        void connectionsUpToTheRoutesMaximumAreReuseAndMoreAreNot() throws Exception {
            CountDownLatch allInFlight = new CountDownLatch(3);
            server.setDispatcher(new Dispatcher() {
                @Override
                public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
                    allInFlight.countDown(); // the first three requests wait for one another: three connections
                    allInFlight.await(5, TimeUnit.SECONDS);
                    return new MockResponse.Builder().body("hello").build();
                }
            });
            PoolingHttpClientConnectionManager pool = PoolingHttpClientConnectionManagerBuilder.create()
                    .setMaxConnPerRoute(3).setMaxConnTotal(10).build();
            try (CloseableHttpClient client = HttpClients.custom().setConnectionManager(pool).build();
                 SocketWatcher watcher = SocketWatcher.start(SETTLE)) {
                List<Thread> threads = new ArrayList<>();
                for (int i = 0; i < 3; i++) { // two requests each, one after the other
                    threads.add(new Thread(() -> {
                        for (int request = 0; request < 2; request++) {
                            try (CloseableHttpResponse response = client.execute(new HttpGet(server.url("/").uri()))) {
                                EntityUtils.consume(response.getEntity());
                            } catch (IOException e) {
                                throw new UncheckedIOException(e);
                            }
                        }
                    }));
                }
                threads.forEach(Thread::start);
                for (Thread thread : threads) {
                    thread.join(10_000);
                }
                SocketActivity activity = watcher.activity();
                assertThat(activity.resources()).hasSize(6)
                        .allSatisfy(lease -> assertThat(lease.poolMaximumSize()).hasValue(3));
                SocketAssertions.assertThat(activity).reusesConnectionsTo("127.0.0.1", server.getPort());
                assertThatThrownBy(() -> SocketAssertions.assertThat(activity)
                        .reusesConnectionsTo("127.0.0.1", server.getPort(), 2))
                        .hasMessageContaining("Expecting socket activity to reuse connections to 127.0.0.1:%d (at "
                                .formatted(server.getPort()) + "most 2 connections), but 6 exchanges went over 3 "
                                + "connections:");
            }
        }

        @Test
        void tryWithResourcesReleasesTheLease() throws IOException {
            server.enqueue(new MockResponse.Builder().body("hello").build());
            try (CloseableHttpClient client = HttpClients.createDefault();
                 SocketWatcher watcher = SocketWatcher.start(SETTLE)) {
                try (CloseableHttpResponse response = client.execute(new HttpGet(server.url("/").uri()))) {
                    EntityUtils.consume(response.getEntity());
                }
                assertThat(watcher.assertNoConnectionLeak().activity().resources()).singleElement()
                        .satisfies(lease -> assertThat(lease.released()).isTrue());
            }
        }
    }

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class Jdbc {

        private EmbeddedPostgres postgres;
        private String url;

        @BeforeAll
        void startPostgres() throws IOException {
            postgres = EmbeddedPostgres.builder().start();
            url = "jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/postgres?user=postgres&password=hunter2";
        }

        @AfterAll
        void stopPostgres() throws IOException {
            postgres.close();
        }

        @Test
        void aConnectionNeverClosedIsALeakWithoutItsPassword() throws SQLException {
            try (SocketWatcher watcher = SocketWatcher.start(SETTLE)) {
                Connection connection = DriverManager.getConnection(url); // line: jdbc
                query(connection);
                assertThatThrownBy(watcher::assertNoConnectionLeak)
                        .isInstanceOf(AssertionError.class).hasMessageContaining(withLines("""
                          JDBC connection  jdbc:postgresql://127.0.0.1:%d/postgres?user=postgres&password=***  not \
                        released  age """.formatted(postgres.getPort())))
                        .hasMessageContaining(withLines("""
                                  obtained at io.socketwatch.ClientResourceTests$Jdbc\
                                .aConnectionNeverClosedIsALeakWithoutItsPassword(ClientResourceTests.java:{line:jdbc})
                                      never closed: the database connection stays open, on both sides
                                """))
                        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("hunter2"));
                connection.close();
            }
        }

        @Test
        void aClosedConnectionIsReleased() throws SQLException {
            try (SocketWatcher watcher = SocketWatcher.start(SETTLE)) {
                try (Connection connection = DriverManager.getConnection(url)) {
                    query(connection);
                }
                assertThat(watcher.assertNoConnectionLeak().activity().resources()).singleElement()
                        .satisfies(connection -> assertThat(connection.released()).isTrue());
            }
        }

        @Test
        void aPooledConnectionNeverReturnedIsALeakAndAReturnedOneIsNot() throws SQLException {
            HikariConfig config = new HikariConfig();
            config.setJdbcUrl(url);
            config.setPoolName("orders-pool");
            config.setMaximumPoolSize(2);
            try (HikariDataSource pool = new HikariDataSource(config)) {
                try (SocketWatcher watcher = SocketWatcher.start(SETTLE)) {
                    try (Connection returned = pool.getConnection()) {
                        query(returned);
                    }
                    Connection borrowed = pool.getConnection(); // line: hikari
                    query(borrowed);
                    assertThatThrownBy(watcher::assertNoConnectionLeak)
                            .isInstanceOf(AssertionError.class).hasMessageContaining(withLines("""
                            but 1 connection was leaked:
                              pooled JDBC connection  jdbc:postgresql://127.0.0.1:%d/postgres?user=postgres&password=*** \
                            (orders-pool)  not released  age """.formatted(postgres.getPort())))
                            .hasMessageContaining(withLines("""
                                      obtained at io.socketwatch.ClientResourceTests$Jdbc\
                                    .aPooledConnectionNeverReturnedIsALeakAndAReturnedOneIsNot(\
                                    ClientResourceTests.java:{line:hikari})
                                          never closed: it is never returned, and the pool has one connection less \
                                    until it is
                                    """));
                    borrowed.close();
                    assertThat(watcher.activity().resources()).hasSize(2)
                            .allSatisfy(connection -> assertThat(connection.released()).isTrue())
                            .allSatisfy(connection -> assertThat(connection.poolMaximumSize()).hasValue(2));
                }
            }
        }

        private void query(Connection connection) throws SQLException {
            try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery("select 1")) {
                assertThat(rows.next()).isTrue();
            }
        }
    }

    /** Replaces each {@code {line:marker}} with the line of this file that ends with {@code // line: marker}. */
    private static String withLines(String expected) {
        return SourceLines.withLines(ClientResourceTests.class, expected);
    }
}
