package io.socketwatch.benchmarks.suite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okio.Buffer;
import okio.BufferedSink;
import okio.GzipSink;
import okio.Okio;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * OkHttp with one client shared by every test of the class, as an application shares one, built in
 * {@code @BeforeAll} and shut down in {@code @AfterAll}; a {@code MockWebServer} per test. Its pool keeps the
 * connections of earlier tests, whose servers are closed, until it evicts them. Part of the realistic suite; run it
 * with {@code java -cp benchmarks/target/benchmarks.jar io.socketwatch.benchmarks.RealisticSuite plain|watched}.
 */
class OkHttpSharedClientSuite {

    private static OkHttpClient client;

    private MockWebServer server;

    @BeforeAll
    static void createClient() {
        client = new OkHttpClient.Builder().connectTimeout(2, TimeUnit.SECONDS).readTimeout(5, TimeUnit.SECONDS)
                .build();
    }

    @AfterAll
    static void shutDownClient() {
        client.dispatcher().executorService().shutdown();
        client.connectionPool().evictAll();
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

    @RepeatedTest(25)
    void fetchesAUser(RepetitionInfo repetition) throws Exception {
        int id = repetition.getCurrentRepetition();
        server.enqueue(new MockResponse.Builder().setHeader("Content-Type", "application/json")
                .body("{\"id\":" + id + ",\"login\":\"user" + id + "\"}").build());

        try (Response response = client.newCall(new Request.Builder().url(server.url("/users/" + id)).build())
                .execute()) {
            assertEquals(200, response.code());
            assertEquals("application/json", response.header("Content-Type"));
            assertTrue(response.body().string().contains("\"login\":\"user" + id + "\""));
        }
    }

    @ParameterizedTest
    @CsvSource({"1, 10", "2, 10", "3, 10", "1, 100", "2, 100", "3, 100", "1, 1000", "2, 1000", "3, 1000",
            "2, 1", "3, 1", "3, 5000"})
    void pagesThroughAListing(int pages, int pageSize) throws Exception {
        for (int page = 1; page <= pages; page++) {
            MockResponse.Builder response = new MockResponse.Builder().body("x".repeat(pageSize));
            if (page < pages) {
                response.setHeader("Link", "<" + server.url("/items?page=" + (page + 1)) + ">; rel=\"next\"");
            }
            server.enqueue(response.build());
        }

        String next = server.url("/items?page=1").toString();
        int read = 0;
        int requests = 0;
        while (next != null && requests < pages) {
            try (Response response = client.newCall(new Request.Builder().url(next).build()).execute()) {
                read += response.body().string().length();
                String link = response.header("Link");
                next = link == null ? null : link.substring(1, link.indexOf('>'));
            }
            requests++;
        }
        assertNull(next);
        assertEquals(pages * pageSize, read);
        assertEquals(pages, server.getRequestCount());
    }

    @RepeatedTest(5)
    void conditionalGetRevalidates() throws Exception {
        server.enqueue(new MockResponse.Builder().setHeader("ETag", "\"v1\"").body("version one").build());
        server.enqueue(new MockResponse.Builder().code(304).setHeader("ETag", "\"v1\"").build());

        String etag;
        try (Response response = client.newCall(new Request.Builder().url(server.url("/doc")).build()).execute()) {
            assertEquals("version one", response.body().string());
            etag = response.header("ETag");
        }
        Request revalidate = new Request.Builder().url(server.url("/doc")).header("If-None-Match", etag).build();
        try (Response response = client.newCall(revalidate).execute()) {
            assertEquals(304, response.code());
        }
        server.takeRequest();
        assertEquals("\"v1\"", server.takeRequest().getHeaders().get("If-None-Match"));
    }

    @RepeatedTest(3)
    void decompressesAGzippedBody() throws Exception {
        String text = "a response body that compresses well, ".repeat(40);
        Buffer gzipped = new Buffer();
        try (BufferedSink sink = Okio.buffer(new GzipSink(gzipped))) {
            sink.writeUtf8(text);
        }
        server.enqueue(new MockResponse.Builder().setHeader("Content-Encoding", "gzip").body(gzipped).build());

        try (Response response = client.newCall(new Request.Builder().url(server.url("/gz")).build()).execute()) {
            assertEquals(text, response.body().string());
        }
        assertEquals("gzip", server.takeRequest().getHeaders().get("Accept-Encoding"));
    }

    @RepeatedTest(10)
    void asynchronousCallsComplete(RepetitionInfo repetition) throws Exception {
        int calls = 1 + repetition.getCurrentRepetition() % 3;
        for (int i = 0; i < calls; i++) {
            server.enqueue(new MockResponse.Builder().body("async " + i).build());
        }
        @SuppressWarnings("unchecked")
        CompletableFuture<String>[] bodies = new CompletableFuture[calls];
        for (int i = 0; i < calls; i++) {
            bodies[i] = enqueue(new Request.Builder().url(server.url("/async/" + i)).build());
        }
        CompletableFuture.allOf(bodies).get(5, TimeUnit.SECONDS);
        for (CompletableFuture<String> body : bodies) {
            assertTrue(body.get().startsWith("async "));
        }
        assertEquals(calls, server.getRequestCount());
    }

    @Test
    void sendsTheUserAgent() throws Exception {
        server.enqueue(new MockResponse.Builder().build());

        try (Response response = client.newCall(new Request.Builder().url(server.url("/")).build()).execute()) {
            assertEquals(200, response.code());
        }
        RecordedRequest request = server.takeRequest();
        assertTrue(request.getHeaders().get("User-Agent").startsWith("okhttp/"));
    }

    private static CompletableFuture<String> enqueue(Request request) {
        CompletableFuture<String> body = new CompletableFuture<>();
        client.newCall(request).enqueue(new Callback() {
            @Override
            public void onFailure(Call call, IOException e) {
                body.completeExceptionally(e);
            }

            @Override
            public void onResponse(Call call, Response response) {
                try (response) {
                    body.complete(response.body().string());
                } catch (IOException e) {
                    body.completeExceptionally(e);
                }
            }
        });
        return body;
    }
}
