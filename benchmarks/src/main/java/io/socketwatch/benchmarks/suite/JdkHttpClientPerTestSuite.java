package io.socketwatch.benchmarks.suite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The JDK's {@code HttpClient}, one per test, built in {@code @BeforeEach} for HTTP/1.1 and closed in
 * {@code @AfterEach} where the JDK can close it (21 and later: on 17 a client has no {@code close()}, and a suite
 * drops it as this one does there); a {@code MockWebServer} per test. Part of the realistic suite; run it with
 * {@code java -cp benchmarks/target/benchmarks.jar io.socketwatch.benchmarks.RealisticSuite plain|watched}.
 */
class JdkHttpClientPerTestSuite {

    private MockWebServer server;
    private HttpClient client;

    @BeforeEach
    void setUp() throws IOException {
        server = new MockWebServer();
        server.start();
        client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(2))
                .build();
    }

    @AfterEach
    void tearDown() throws Exception {
        // HttpClient is AutoCloseable from JDK 21 on; this suite compiles for 17
        if (client instanceof AutoCloseable closeable) {
            closeable.close();
        }
        server.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"/", "/orders", "/orders/17", "/orders/17/lines", "/customers?page=2", "/x/y/z",
            "/static/app.js", "/static/style.css", "/api/v2/health", "/feed.xml", "/robots.txt", "/sitemap"})
    void getReturnsTheBody(String target) throws Exception {
        server.enqueue(new MockResponse.Builder().body("served " + target).build());

        HttpResponse<String> response = client.send(HttpRequest.newBuilder(server.url(target).uri()).build(),
                HttpResponse.BodyHandlers.ofString());

        assertEquals(200, response.statusCode());
        assertEquals("served " + target, response.body());
        assertEquals(target, server.takeRequest().getTarget());
    }

    @RepeatedTest(10)
    void secondRequestReusesTheConnection() throws Exception {
        server.enqueue(new MockResponse.Builder().body("one").build());
        server.enqueue(new MockResponse.Builder().body("two").build());

        assertEquals("one", get("/1"));
        assertEquals("two", get("/2"));

        server.takeRequest();
        assertEquals(1, server.takeRequest().getExchangeIndex());
    }

    @Test
    void postsAForm() throws Exception {
        server.enqueue(new MockResponse.Builder().code(201).body("created").build());

        HttpRequest request = HttpRequest.newBuilder(server.url("/login").uri())
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("user=ada&password=secret")).build();
        HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());

        assertEquals(201, response.statusCode());
        RecordedRequest recorded = server.takeRequest();
        assertEquals("POST", recorded.getMethod());
        assertEquals("user=ada&password=secret", recorded.getBody().utf8());
    }

    @Test
    void putThenDelete() throws Exception {
        server.enqueue(new MockResponse.Builder().code(204).build());
        server.enqueue(new MockResponse.Builder().code(204).build());

        HttpRequest put = HttpRequest.newBuilder(server.url("/items/3").uri())
                .PUT(HttpRequest.BodyPublishers.ofString("{\"qty\":2}")).build();
        assertEquals(204, client.send(put, HttpResponse.BodyHandlers.discarding()).statusCode());
        HttpRequest delete = HttpRequest.newBuilder(server.url("/items/3").uri()).DELETE().build();
        assertEquals(204, client.send(delete, HttpResponse.BodyHandlers.discarding()).statusCode());

        assertEquals("PUT", server.takeRequest().getMethod());
        assertEquals("DELETE", server.takeRequest().getMethod());
    }

    @RepeatedTest(3)
    void asynchronousRequestsComplete() throws Exception {
        for (int i = 0; i < 3; i++) {
            server.enqueue(new MockResponse.Builder().body("async").build());
        }
        List<CompletableFuture<HttpResponse<String>>> responses = IntStream.range(0, 3)
                .mapToObj(i -> client.sendAsync(HttpRequest.newBuilder(server.url("/async/" + i).uri()).build(),
                        HttpResponse.BodyHandlers.ofString()))
                .collect(Collectors.toList());

        CompletableFuture.allOf(responses.toArray(new CompletableFuture<?>[0])).get(5, TimeUnit.SECONDS);
        for (CompletableFuture<HttpResponse<String>> response : responses) {
            assertEquals("async", response.get().body());
        }
    }

    @Test
    void streamsABodyAndClosesTheStream() throws Exception {
        server.enqueue(new MockResponse.Builder().body("s".repeat(50_000)).build());

        HttpResponse<InputStream> response = client.send(HttpRequest.newBuilder(server.url("/stream").uri()).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream body = response.body()) {
            assertEquals(50_000, body.readAllBytes().length);
        }
    }

    @Test
    void readsABodyLineByLine() throws Exception {
        server.enqueue(new MockResponse.Builder().body("one\ntwo\nthree\n").build());

        HttpResponse<Stream<String>> response = client.send(
                HttpRequest.newBuilder(server.url("/lines").uri()).build(), HttpResponse.BodyHandlers.ofLines());
        try (Stream<String> lines = response.body()) {
            assertEquals(List.of("one", "two", "three"), lines.collect(Collectors.toList()));
        }
    }

    @RepeatedTest(3)
    void defaultClientFallsBackToHttp1() throws Exception {
        // a default client offers an upgrade to h2c, which MockWebServer declines
        HttpClient defaults = HttpClient.newHttpClient();
        try {
            server.enqueue(new MockResponse.Builder().body("plain http/1.1").build());
            HttpResponse<String> response = defaults.send(HttpRequest.newBuilder(server.url("/").uri()).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(HttpClient.Version.HTTP_1_1, response.version());
            assertEquals("plain http/1.1", response.body());
        } finally {
            if (defaults instanceof AutoCloseable closeable) {
                closeable.close();
            }
        }
    }

    @Test
    void binaryBodyRoundTrips() throws Exception {
        byte[] bytes = "binary \u00e9\u00e8 body".getBytes(StandardCharsets.UTF_8);
        server.enqueue(new MockResponse.Builder().body(new okio.Buffer().write(bytes)).build());

        HttpResponse<byte[]> response = client.send(HttpRequest.newBuilder(server.url("/bin").uri()).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertTrue(java.util.Arrays.equals(bytes, response.body()));
    }

    private String get(String target) throws IOException, InterruptedException {
        return client.send(HttpRequest.newBuilder(server.url(target).uri()).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }
}
