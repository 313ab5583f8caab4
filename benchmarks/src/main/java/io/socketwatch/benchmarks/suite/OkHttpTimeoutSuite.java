package io.socketwatch.benchmarks.suite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * OkHttp against slow servers: throttled bodies and delayed headers, with client read and call timeouts that some
 * tests expect to hit and others to stay within. Each test derives its client from one shared client with
 * {@code newBuilder()}, as OkHttp recommends, so that they share one pool and dispatcher. Part of the realistic suite;
 * run it with {@code java -cp benchmarks/target/benchmarks.jar io.socketwatch.benchmarks.RealisticSuite plain|watched}.
 */
class OkHttpTimeoutSuite {

    private static OkHttpClient shared;

    private MockWebServer server;

    @BeforeAll
    static void createClient() {
        shared = new OkHttpClient();
    }

    @AfterAll
    static void shutDownClient() {
        shared.dispatcher().executorService().shutdown();
        shared.connectionPool().evictAll();
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

    /**
     * Left out of the measured set: in whole-build mode its response headers, which the server sends at once, now and
     * then take longer than the 100 ms read timeout ({@code java.net.SocketTimeoutException: timeout} from
     * {@code execute()}; 1 of 6 watched runs, none of the plain ones), likely because a {@code System.gc()} that
     * socketwatch ran for a test of a parallel class stopped the JVM for 50 to 80 ms on the busy 2-core machine.
     */
    @ParameterizedTest
    @ValueSource(longs = {150, 200, 250})
    @Tag(RealisticSuiteTags.SOCKETWATCH_FALSE_ALARM)
    void slowBodyHitsTheReadTimeout(long millisPerByte) throws Exception {
        server.enqueue(new MockResponse.Builder().body("0123456789")
                .throttleBody(1, millisPerByte, TimeUnit.MILLISECONDS).build());
        OkHttpClient client = shared.newBuilder().readTimeout(100, TimeUnit.MILLISECONDS).build();

        try (Response response = client.newCall(new Request.Builder().url(server.url("/slow")).build()).execute()) {
            assertEquals(200, response.code());
            assertThrows(SocketTimeoutException.class, () -> response.body().string());
        }
    }

    @Test
    void delayedHeadersHitTheReadTimeout() throws Exception {
        server.enqueue(new MockResponse.Builder().headersDelay(300, TimeUnit.MILLISECONDS).body("late").build());
        OkHttpClient client = shared.newBuilder().readTimeout(100, TimeUnit.MILLISECONDS).build();

        assertThrows(SocketTimeoutException.class,
                () -> client.newCall(new Request.Builder().url(server.url("/late")).build()).execute().close());
    }

    @Test
    void callTimeoutCancelsASlowDownload() throws Exception {
        server.enqueue(new MockResponse.Builder().body("y".repeat(4096))
                .throttleBody(256, 50, TimeUnit.MILLISECONDS).build());
        OkHttpClient client = shared.newBuilder().callTimeout(200, TimeUnit.MILLISECONDS).build();

        InterruptedIOException timeout = assertThrows(InterruptedIOException.class, () -> {
            try (Response response = client.newCall(new Request.Builder().url(server.url("/big")).build())
                    .execute()) {
                response.body().string();
            }
        });
        assertEquals("timeout", timeout.getMessage());
    }

    @ParameterizedTest
    @ValueSource(ints = {4096, 16384, 65536})
    void throttledBodyWithinTheReadTimeout(int size) throws Exception {
        server.enqueue(new MockResponse.Builder().body("z".repeat(size))
                .throttleBody(8192, 5, TimeUnit.MILLISECONDS).build());
        OkHttpClient client = shared.newBuilder().readTimeout(1, TimeUnit.SECONDS).build();

        try (Response response = client.newCall(new Request.Builder().url(server.url("/steady")).build())
                .execute()) {
            assertEquals(size, response.body().string().length());
        }
    }

    /**
     * Left out of the measured set, as {@link #slowBodyHitsTheReadTimeout}: its second call, which the server answers
     * at once, took longer than the 100 ms read timeout in 1 of 6 watched runs and none of the plain ones.
     */
    @Test
    @Tag(RealisticSuiteTags.SOCKETWATCH_FALSE_ALARM)
    void nextCallAfterATimeoutSucceeds() throws Exception {
        server.enqueue(new MockResponse.Builder().body("0123456789")
                .throttleBody(1, 200, TimeUnit.MILLISECONDS).build());
        server.enqueue(new MockResponse.Builder().body("fast").build());
        OkHttpClient client = shared.newBuilder().readTimeout(100, TimeUnit.MILLISECONDS).build();

        try (Response response = client.newCall(new Request.Builder().url(server.url("/slow")).build()).execute()) {
            assertThrows(SocketTimeoutException.class, () -> response.body().string());
        }
        try (Response response = client.newCall(new Request.Builder().url(server.url("/fast")).build()).execute()) {
            assertEquals("fast", response.body().string());
        }
        // the timed-out connection cannot carry another exchange: the second call had to open a new one
        server.takeRequest();
        assertEquals(1, server.takeRequest().getConnectionIndex());
    }
}
