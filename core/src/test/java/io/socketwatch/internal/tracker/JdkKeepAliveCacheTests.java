package io.socketwatch.internal.tracker;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.socketwatch.internal.agent.boot.SocketEvents;
import io.socketwatch.model.TcpConnection.Side;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/**
 * The JDK keep-alive cache as a keeper of {@code HttpURLConnection}'s sockets: a window's end needs no garbage
 * collection for a socket the cache holds, and still needs one for a socket whose response the application left
 * unread, which only the application's connection object holds.
 */
@EnabledOnOs(OS.LINUX)
class JdkKeepAliveCacheTests {

    private static final byte[] BODY = "forecast: sunny".getBytes(StandardCharsets.UTF_8);

    private HttpServer server;
    private final CountDownLatch restOfTheAnswer = new CountDownLatch(1);

    @BeforeAll
    static void installAgent() {
        Recordings.install();
        assertThat(Recordings.isInstrumented()).isTrue();
    }

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/slow", exchange -> {
            exchange.getRequestBody().readAllBytes();
            exchange.sendResponseHeaders(200, BODY.length);
            exchange.getResponseBody().write(BODY, 0, 1);
            exchange.getResponseBody().flush();
            try {
                restOfTheAnswer.await(10, TimeUnit.SECONDS); // bounded: the test lets it go
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.getResponseBody().write(BODY, 1, BODY.length - 1);
            exchange.close();
        });
        server.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            exchange.sendResponseHeaders(200, BODY.length);
            exchange.getResponseBody().write(BODY);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stopServer() {
        restOfTheAnswer.countDown();
        server.stop(0);
    }

    @Test
    void aConnectionWhoseResponseWasReadAndClosedIsHeldByTheCache() throws IOException {
        HttpURLConnection connection = open("/read");
        try (InputStream body = connection.getInputStream()) {
            assertThat(body.readAllBytes()).isEqualTo(BODY);
        }

        TrackedConnection tracked = clientConnection();
        assertThat(tracked.heldByJdkKeepAlive()).isTrue();
        assertThat(SocketKeepers.keepsReachable(tracked)).isTrue();
    }

    @Test
    void aConnectionWhoseResponseWasNotReadIsNotHeldByTheCache() throws IOException {
        HttpURLConnection connection = open("/unread");
        try {
            assertThat(connection.getResponseCode()).isEqualTo(200); // the body is neither read nor closed

            TrackedConnection tracked = clientConnection();
            assertThat(tracked.heldByJdkKeepAlive()).isFalse();
            assertThat(SocketKeepers.keepsReachable(tracked)).isFalse();
        } finally {
            connection.disconnect();
        }
    }

    @Test
    void aCachedConnectionTakenOutForTheNextRequestIsHeldAgainOnlyOnceItsResponseIsClosed() throws IOException {
        try (InputStream body = open("/first").getInputStream()) {
            body.readAllBytes();
        }
        TrackedConnection tracked = clientConnection();
        assertThat(tracked.heldByJdkKeepAlive()).isTrue();

        HttpURLConnection second = open("/second");
        assertThat(second.getResponseCode()).isEqualTo(200);
        assertThat(clientConnection()).isSameAs(tracked); // the same connection, reused
        assertThat(tracked.heldByJdkKeepAlive()).isFalse();

        try (InputStream body = second.getInputStream()) {
            body.readAllBytes();
        }
        assertThat(tracked.heldByJdkKeepAlive()).isTrue();
    }

    @Test
    void aConnectionClosedBeforeItsAnswerCameIsHeldByTheCleanerThatReadsTheRest() throws IOException {
        HttpURLConnection connection = open("/slow");
        try (InputStream body = connection.getInputStream()) {
            assertThat(body.read()).isEqualTo(BODY[0]); // the rest is not there yet: closing hands it to the cleaner
        }

        TrackedConnection tracked = clientConnection();
        assertThat(tracked.heldByJdkKeepAlive()).isTrue();
        assertThat(SocketKeepers.keepsReachable(tracked)).isTrue();
    }

    private HttpURLConnection open(String path) throws IOException {
        URL url = new URL("http", "127.0.0.1", server.getAddress().getPort(), path);
        return (HttpURLConnection) url.openConnection();
    }

    /** Returns the one open client connection of this JVM to the test's server. */
    private TrackedConnection clientConnection() {
        int port = server.getAddress().getPort();
        // typed here, not in a signature: JUnit's discovery would load the tracker, and the relay's Sink with it,
        // through the application class loader before the agent puts them on the bootstrap class path
        ConnectionTracker tracker = (ConnectionTracker) currentSink();
        List<TrackedConnection> found = tracker.openConnections().stream()
                .filter(c -> c.side == Side.CLIENT && c.tuple.remote().getPort() == port)
                .toList();
        assertThat(found).as("open client connections to port %d", port).hasSize(1);
        return found.get(0);
    }

    private static Object currentSink() {
        try {
            java.lang.reflect.Field sink = SocketEvents.class.getDeclaredField("sink");
            sink.setAccessible(true);
            return sink.get(null);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }
}
