package io.socketwatch.benchmarks.suite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The JDK's {@code HttpClient} against slow servers: request timeouts that delayed headers exceed, and throttled
 * bodies read within them; one client shared by the class. Part of the realistic suite; run it with
 * {@code java -cp benchmarks/target/benchmarks.jar io.socketwatch.benchmarks.RealisticSuite plain|watched}.
 */
class JdkHttpClientTimeoutSuite {

    private static HttpClient client;

    private MockWebServer server;

    @BeforeAll
    static void createClient() {
        client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    }

    @AfterAll
    static void closeClient() throws Exception {
        if (client instanceof AutoCloseable closeable) { // JDK 21 and later
            closeable.close();
        }
    }

    @BeforeEach
    void startServer() throws IOException {
        server = new MockWebServer();
        server.start();
    }

    @AfterEach
    void closeServer() {
        server.close();
    }

    @ParameterizedTest
    @ValueSource(longs = {200, 300})
    void delayedHeadersExceedTheRequestTimeout(long delayMillis) {
        server.enqueue(new MockResponse.Builder().headersDelay(delayMillis, TimeUnit.MILLISECONDS).body("late")
                .build());

        HttpRequest request = HttpRequest.newBuilder(server.url("/late").uri()).timeout(Duration.ofMillis(100))
                .build();
        assertThrows(HttpTimeoutException.class, () -> client.send(request, HttpResponse.BodyHandlers.ofString()));
    }

    @ParameterizedTest
    @ValueSource(ints = {8192, 32768})
    void throttledBodyWithinTheTimeout(int size) throws Exception {
        server.enqueue(new MockResponse.Builder().body("t".repeat(size))
                .throttleBody(4096, 5, TimeUnit.MILLISECONDS).build());

        HttpRequest request = HttpRequest.newBuilder(server.url("/steady").uri()).timeout(Duration.ofSeconds(2))
                .build();
        assertEquals(size, client.send(request, HttpResponse.BodyHandlers.ofString()).body().length());
    }

    /**
     * A false alarm until 2026-12-02, left out of the measured set so that the suite's figures stay comparable:
     * socketwatch failed this correct test about one run in two with "1 connection was closed, replaced by a new
     * connection to the same endpoint, and left in TIME_WAIT: ... client TIME_WAIT ... 0 exchanges closed first by this
     * JVM". The JDK closed the first connection because its request timed out, and no client can send the next
     * request on a connection that still owes a response. A connection a known client opened and closed without
     * receiving a byte is now taken as a request given up, not churn; `--with-false-alarms` runs it.
     */
    @Test
    @Tag(RealisticSuiteTags.SOCKETWATCH_FALSE_ALARM)
    void fastRequestAfterASlowOneSucceeds() throws Exception {
        // answered by path: a request that timed out before it was sent must not take the slow answer from the queue
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                return request.getTarget().equals("/slow")
                        ? new MockResponse.Builder().headersDelay(250, TimeUnit.MILLISECONDS).body("late").build()
                        : new MockResponse.Builder().body("on time").build();
            }
        });

        HttpRequest slow = HttpRequest.newBuilder(server.url("/slow").uri()).timeout(Duration.ofMillis(100)).build();
        assertThrows(HttpTimeoutException.class, () -> client.send(slow, HttpResponse.BodyHandlers.ofString()));
        HttpRequest fast = HttpRequest.newBuilder(server.url("/fast").uri()).timeout(Duration.ofSeconds(2)).build();
        assertEquals("on time", client.send(fast, HttpResponse.BodyHandlers.ofString()).body());
    }

    @Test
    void slowAsynchronousRequestTimesOut() throws Exception {
        server.enqueue(new MockResponse.Builder().headersDelay(300, TimeUnit.MILLISECONDS).build());

        HttpRequest request = HttpRequest.newBuilder(server.url("/async").uri()).timeout(Duration.ofMillis(100))
                .build();
        Throwable failure = client.sendAsync(request, HttpResponse.BodyHandlers.discarding())
                .handle((response, error) -> error).get(5, TimeUnit.SECONDS);
        // an HttpConnectTimeoutException when a cold JVM was slow to connect: the timeout covers the whole exchange
        assertInstanceOf(HttpTimeoutException.class,
                failure instanceof CompletionException ? failure.getCause() : failure);
    }
}
