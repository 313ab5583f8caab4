package io.socketwatch.benchmarks.suite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * OkHttp with a client of its own per test, built in {@code @BeforeEach} and shut down in {@code @AfterEach} (its
 * dispatcher's threads stopped and its pool evicted) before the test's {@code MockWebServer} is closed: one to three
 * requests per test. Part of the realistic suite; run it with
 * {@code java -cp benchmarks/target/benchmarks.jar io.socketwatch.benchmarks.RealisticSuite plain|watched}.
 */
class OkHttpPerTestClientSuite {

    private static final MediaType JSON = MediaType.get("application/json; charset=utf-8");

    private MockWebServer server;
    private OkHttpClient client;

    @BeforeEach
    void setUp() throws IOException {
        server = new MockWebServer();
        server.start();
        client = new OkHttpClient();
    }

    @AfterEach
    void tearDown() {
        client.dispatcher().executorService().shutdown();
        client.connectionPool().evictAll();
        server.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"/", "/users", "/users/42", "/repos", "/repos/socketwatch/issues", "/search?q=tcp",
            "/a/b/c/d", "/caf%C3%A9", "/empty", "/health"})
    void getReturnsTheBody(String target) throws Exception {
        server.enqueue(new MockResponse.Builder().body("body of " + target).build());

        Request request = new Request.Builder().url(server.url(target)).build();
        try (Response response = client.newCall(request).execute()) {
            assertEquals(200, response.code());
            assertEquals("body of " + target, response.body().string());
        }
        assertEquals(target, server.takeRequest().getTarget());
    }

    @RepeatedTest(10)
    void secondCallReusesTheConnection() throws Exception {
        server.enqueue(new MockResponse.Builder().body("first").build());
        server.enqueue(new MockResponse.Builder().body("second").build());

        assertEquals("first", get("/one"));
        assertEquals("second", get("/two"));

        RecordedRequest first = server.takeRequest();
        RecordedRequest second = server.takeRequest();
        assertEquals(first.getConnectionIndex(), second.getConnectionIndex());
        assertEquals(1, second.getExchangeIndex());
    }

    @ParameterizedTest
    @CsvSource({"200, OK", "201, Created", "202, Accepted", "400, Bad Request", "401, Unauthorized",
            "403, Forbidden", "404, Not Found", "409, Conflict", "500, Internal Server Error",
            "503, Service Unavailable"})
    void statusCodeAndMessageAreReported(int code, String message) throws Exception {
        server.enqueue(new MockResponse.Builder().status("HTTP/1.1 " + code + " " + message).body(message).build());

        try (Response response = client.newCall(new Request.Builder().url(server.url("/status")).build()).execute()) {
            assertEquals(code, response.code());
            assertEquals(message, response.message());
            assertEquals(message, response.body().string());
        }
    }

    @Test
    void postsAJsonBody() throws Exception {
        server.enqueue(new MockResponse.Builder().code(201).setHeader("Location", "/users/7").build());

        Request request = new Request.Builder().url(server.url("/users"))
                .post(RequestBody.create("{\"name\":\"ada\"}", JSON)).build();
        try (Response response = client.newCall(request).execute()) {
            assertEquals(201, response.code());
            assertEquals("/users/7", response.header("Location"));
        }
        RecordedRequest recorded = server.takeRequest();
        assertEquals("POST", recorded.getMethod());
        assertEquals("{\"name\":\"ada\"}", recorded.getBody().utf8());
        assertEquals("application/json; charset=utf-8", recorded.getHeaders().get("Content-Type"));
    }

    @Test
    void putThenDeleteOnOneConnection() throws Exception {
        server.enqueue(new MockResponse.Builder().code(204).build());
        server.enqueue(new MockResponse.Builder().code(204).build());

        Request put = new Request.Builder().url(server.url("/users/7"))
                .put(RequestBody.create("{\"name\":\"grace\"}", JSON)).build();
        try (Response response = client.newCall(put).execute()) {
            assertEquals(204, response.code());
        }
        try (Response response = client.newCall(new Request.Builder().url(server.url("/users/7")).delete().build())
                .execute()) {
            assertEquals(204, response.code());
        }
        assertEquals("PUT", server.takeRequest().getMethod());
        RecordedRequest delete = server.takeRequest();
        assertEquals("DELETE", delete.getMethod());
        assertEquals(1, delete.getExchangeIndex());
    }

    @Test
    void followsARedirectOnTheSameConnection() throws Exception {
        server.enqueue(new MockResponse.Builder().code(302).setHeader("Location", "/moved").build());
        server.enqueue(new MockResponse.Builder().body("landed").build());

        assertEquals("landed", get("/start"));

        assertEquals("/start", server.takeRequest().getTarget());
        RecordedRequest moved = server.takeRequest();
        assertEquals("/moved", moved.getTarget());
        assertEquals(1, moved.getExchangeIndex());
    }

    @Test
    void threeRequestsCarryTheirHeaders() throws Exception {
        for (int i = 0; i < 3; i++) {
            server.enqueue(new MockResponse.Builder().setHeader("X-Page", i).body("page " + i).build());
        }
        for (int i = 0; i < 3; i++) {
            Request request = new Request.Builder().url(server.url("/pages/" + i))
                    .header("Accept", "text/plain").header("X-Request-Id", "req-" + i).build();
            try (Response response = client.newCall(request).execute()) {
                assertEquals(Integer.toString(i), response.header("X-Page"));
                assertEquals("page " + i, response.body().string());
            }
        }
        for (int i = 0; i < 3; i++) {
            assertEquals("req-" + i, server.takeRequest().getHeaders().get("X-Request-Id"));
        }
    }

    @Test
    void readsAChunkedBody() throws Exception {
        server.enqueue(new MockResponse.Builder().chunkedBody("a body sent in chunks of seven bytes", 7).build());

        try (Response response = client.newCall(new Request.Builder().url(server.url("/chunked")).build()).execute()) {
            assertNull(response.header("Content-Length"));
            assertEquals("a body sent in chunks of seven bytes", response.body().string());
        }
    }

    @Test
    void emptyBodyOnHead() throws Exception {
        server.enqueue(new MockResponse.Builder().setHeader("Content-Length", 1234).build());

        try (Response response = client.newCall(new Request.Builder().url(server.url("/file")).head().build())
                .execute()) {
            assertEquals("1234", response.header("Content-Length"));
            assertTrue(response.body().string().isEmpty());
        }
    }

    private String get(String target) throws IOException {
        try (Response response = client.newCall(new Request.Builder().url(server.url(target)).build()).execute()) {
            return response.body().string();
        }
    }
}
