package io.socketwatch.benchmarks.suite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The tests of a small API client, as a library that wraps an HTTP API tests its own client: {@link IssueTracker} is
 * the code under test, built on one OkHttp client shared by the class, against a {@code MockWebServer} per test;
 * grouped in {@code @Nested} classes. Part of the realistic suite; run it with
 * {@code java -cp benchmarks/target/benchmarks.jar io.socketwatch.benchmarks.RealisticSuite plain|watched}.
 */
class IssueTrackerClientSuite {

    private static OkHttpClient http;

    private MockWebServer server;
    private IssueTracker tracker;

    @BeforeAll
    static void createHttpClient() {
        http = new OkHttpClient.Builder().readTimeout(5, TimeUnit.SECONDS).build();
    }

    @AfterAll
    static void shutDownHttpClient() {
        http.dispatcher().executorService().shutdown();
        http.connectionPool().evictAll();
    }

    @BeforeEach
    void startServer() throws IOException {
        server = new MockWebServer();
        server.start();
        tracker = new IssueTracker(http, server.url("/api/"), "token-123");
    }

    @AfterEach
    void closeServer() {
        server.close();
    }

    @Nested
    class Reading {

        @ParameterizedTest
        @ValueSource(ints = {1, 2, 3, 10, 99, 100, 101, 4096, 65535, 1_000_000})
        void fetchesAnIssueTitle(int number) throws Exception {
            server.enqueue(new MockResponse.Builder().body("Issue " + number + " title").build());

            assertEquals("Issue " + number + " title", tracker.title(number));

            RecordedRequest request = server.takeRequest();
            assertEquals("/api/issues/" + number, request.getTarget());
            assertEquals("Bearer token-123", request.getHeaders().get("Authorization"));
        }

        @ParameterizedTest
        @CsvSource({"0, ''", "1, 'a'", "2, 'a,b'", "3, 'a,b,c'", "5, 'a,b,c,d,e'"})
        void listsLabels(int count, String labels) throws Exception {
            server.enqueue(new MockResponse.Builder().body(labels).build());

            assertEquals(count, tracker.labels(7).size());
        }

        @Test
        void missingIssueIsReported() {
            server.enqueue(new MockResponse.Builder().code(404).body("{\"error\":\"not found\"}").build());

            IOException failure = assertThrows(IOException.class, () -> tracker.title(404));
            assertTrue(failure.getMessage().contains("404"));
        }
    }

    @Nested
    class Writing {

        @ParameterizedTest
        @ValueSource(strings = {"Crash on start", "Typo in README", "Leaks a connection", "Slow under load",
                "Wrong time zone"})
        void opensAnIssue(String title) throws Exception {
            server.enqueue(new MockResponse.Builder().code(201).setHeader("Location", "/api/issues/77").build());

            assertEquals(77, tracker.open(title));

            RecordedRequest request = server.takeRequest();
            assertEquals("POST", request.getMethod());
            assertEquals(title, request.getBody().utf8());
        }

        @RepeatedTest(5)
        void commentsThenCloses() throws Exception {
            server.enqueue(new MockResponse.Builder().code(201).build());
            server.enqueue(new MockResponse.Builder().code(204).build());

            tracker.comment(12, "fixed in main");
            tracker.close(12);

            assertEquals("/api/issues/12/comments", server.takeRequest().getTarget());
            RecordedRequest close = server.takeRequest();
            assertEquals("/api/issues/12/state", close.getTarget());
            assertEquals(1, close.getExchangeIndex());
        }

        @Test
        void rejectedWriteIsReported() {
            server.enqueue(new MockResponse.Builder().code(422).body("title is blank").build());

            IOException failure = assertThrows(IOException.class, () -> tracker.open(""));
            assertTrue(failure.getMessage().contains("title is blank"));
        }
    }

    /** The code under test: a thin client of an issue tracker's HTTP API. */
    static final class IssueTracker {

        private static final MediaType TEXT = MediaType.get("text/plain; charset=utf-8");

        private final OkHttpClient http;
        private final HttpUrl base;
        private final String token;

        IssueTracker(OkHttpClient http, HttpUrl base, String token) {
            this.http = http;
            this.base = base;
            this.token = token;
        }

        String title(int number) throws IOException {
            return call(request("issues/" + number).build());
        }

        List<String> labels(int number) throws IOException {
            String body = call(request("issues/" + number + "/labels").build());
            List<String> labels = new ArrayList<>();
            for (String label : body.split(",")) {
                if (!label.isEmpty()) {
                    labels.add(label);
                }
            }
            return labels;
        }

        int open(String title) throws IOException {
            try (Response response = http.newCall(request("issues").post(RequestBody.create(title, TEXT)).build())
                    .execute()) {
                if (response.code() != 201) {
                    throw new IOException("HTTP " + response.code() + ": " + response.body().string());
                }
                String location = response.header("Location");
                return Integer.parseInt(location.substring(location.lastIndexOf('/') + 1));
            }
        }

        void comment(int number, String text) throws IOException {
            call(request("issues/" + number + "/comments").post(RequestBody.create(text, TEXT)).build());
        }

        void close(int number) throws IOException {
            call(request("issues/" + number + "/state").put(RequestBody.create("closed", TEXT)).build());
        }

        private Request.Builder request(String path) {
            return new Request.Builder().url(base.resolve(path)).header("Authorization", "Bearer " + token);
        }

        private String call(Request request) throws IOException {
            try (Response response = http.newCall(request).execute()) {
                String body = response.body().string();
                if (!response.isSuccessful()) {
                    throw new IOException("HTTP " + response.code() + ": " + body);
                }
                return body;
            }
        }
    }
}
