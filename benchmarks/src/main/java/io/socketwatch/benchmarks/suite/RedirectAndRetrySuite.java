package io.socketwatch.benchmarks.suite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.SocketEffect;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Redirects from one {@code MockWebServer} to another and retries after errors, with an OkHttp client and a JDK
 * {@code HttpClient} per test: two servers per test, started in {@code @BeforeEach} and closed in {@code @AfterEach}
 * after the clients. Part of the realistic suite; run it with
 * {@code java -cp benchmarks/target/benchmarks.jar io.socketwatch.benchmarks.RealisticSuite plain|watched}.
 */
class RedirectAndRetrySuite {

    private MockWebServer origin;
    private MockWebServer mirror;
    private OkHttpClient okHttp;
    private HttpClient jdk;

    @BeforeEach
    void setUp() throws IOException {
        origin = new MockWebServer();
        origin.start();
        mirror = new MockWebServer();
        mirror.start();
        okHttp = new OkHttpClient.Builder().retryOnConnectionFailure(false).build();
        jdk = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NORMAL).build();
    }

    @AfterEach
    void tearDown() throws Exception {
        okHttp.dispatcher().executorService().shutdown();
        okHttp.connectionPool().evictAll();
        if (jdk instanceof AutoCloseable closeable) { // JDK 21 and later
            closeable.close();
        }
        origin.close();
        mirror.close();
    }

    @ParameterizedTest
    @ValueSource(ints = {301, 302, 303, 307, 308})
    void okHttpFollowsARedirectToAnotherServer(int status) throws Exception {
        origin.enqueue(new MockResponse.Builder().code(status).setHeader("Location", mirror.url("/new")).build());
        mirror.enqueue(new MockResponse.Builder().body("moved here").build());

        try (Response response = okHttp.newCall(new Request.Builder().url(origin.url("/old")).build()).execute()) {
            assertEquals("moved here", response.body().string());
            assertEquals(mirror.url("/new"), response.request().url());
        }
        assertEquals(1, origin.getRequestCount());
        assertEquals(1, mirror.getRequestCount());
    }

    @ParameterizedTest
    @ValueSource(ints = {301, 302, 303, 307, 308})
    void jdkClientFollowsARedirectToAnotherServer(int status) throws Exception {
        origin.enqueue(new MockResponse.Builder().code(status).setHeader("Location", mirror.url("/new")).build());
        mirror.enqueue(new MockResponse.Builder().body("moved here").build());

        HttpResponse<String> response = jdk.send(HttpRequest.newBuilder(origin.url("/old").uri()).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals("moved here", response.body());
        assertEquals(mirror.url("/new").uri(), response.uri());
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3})
    void retriesAfterServiceUnavailable(int attemptsNeeded) throws Exception {
        for (int i = 1; i < attemptsNeeded; i++) {
            // not 0: OkHttp itself retries a 503 that asks for no wait, once
            origin.enqueue(new MockResponse.Builder().code(503).setHeader("Retry-After", 1).body("busy").build());
        }
        origin.enqueue(new MockResponse.Builder().body("done").build());

        String body = null;
        int attempts = 0;
        while (body == null && attempts < 3) {
            attempts++;
            try (Response response = okHttp.newCall(new Request.Builder().url(origin.url("/job")).build())
                    .execute()) {
                if (response.code() != 503) {
                    body = response.body().string();
                }
            }
        }
        assertEquals("done", body);
        assertEquals(attemptsNeeded, attempts);
        assertEquals(attemptsNeeded, origin.getRequestCount());
    }

    @RepeatedTest(3)
    void jdkClientRetriesAfterServiceUnavailable() throws Exception {
        origin.enqueue(new MockResponse.Builder().code(503).body("busy").build());
        origin.enqueue(new MockResponse.Builder().body("done").build());

        HttpRequest request = HttpRequest.newBuilder(origin.url("/job").uri()).build();
        HttpResponse<String> response = jdk.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() == 503) {
            response = jdk.send(request, HttpResponse.BodyHandlers.ofString());
        }
        assertEquals("done", response.body());
    }

    /**
     * A false alarm, left out of the measured set: socketwatch failed this correct test in 1 of 9 whole-suite runs
     * with "1 connection was closed, replaced by a new connection to the same endpoint, and left in TIME_WAIT: ...
     * server TIME_WAIT age &lt;1 ms 0 exchanges closed first by this JVM opened at
     * mockwebserver3.MockWebServer.acceptConnections(MockWebServer.kt:380) (library code only, on thread
     * MockWebServer{port=...})" and the fix "reuse connections: share one client". The server drops the first
     * connection on purpose, the failure this test is about, and the client has no connection to reuse for its retry.
     */
    @RepeatedTest(2)
    @Tag(RealisticSuiteTags.SOCKETWATCH_FALSE_ALARM)
    void retriesAfterTheServerDropsTheConnection() throws Exception {
        origin.enqueue(new MockResponse.Builder().onRequestStart(new SocketEffect.CloseSocket()).build());
        origin.enqueue(new MockResponse.Builder().body("second time lucky").build());

        Request request = new Request.Builder().url(origin.url("/flaky")).build();
        assertThrows(IOException.class, () -> okHttp.newCall(request).execute().close());
        try (Response response = okHttp.newCall(request).execute()) {
            assertEquals("second time lucky", response.body().string());
        }
    }
}
