package io.socketwatch.benchmarks.suite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The JDK's {@code HttpClient} shared by every test of the class, whose tests run in parallel
 * ({@code @Execution(CONCURRENT)}), each against a {@code MockWebServer} of its own that answers through a
 * {@link Dispatcher} routing on the path. Part of the realistic suite; run it with
 * {@code java -cp benchmarks/target/benchmarks.jar io.socketwatch.benchmarks.RealisticSuite plain|watched}.
 */
@Execution(ExecutionMode.CONCURRENT)
class JdkHttpClientSharedSuite {

    private static HttpClient client;

    private MockWebServer server;

    @BeforeAll
    static void createClient() {
        client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(2))
                .build();
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
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                String path = request.getUrl().encodedPath();
                if (path.startsWith("/echo/")) {
                    return new MockResponse.Builder().body(path.substring("/echo/".length())).build();
                }
                if (path.equals("/teapot")) {
                    return new MockResponse.Builder().code(418).body("short and stout").build();
                }
                return new MockResponse.Builder().code(404).body("no route to " + path).build();
            }
        });
        server.start();
    }

    @AfterEach
    void closeServer() {
        server.close();
    }

    @RepeatedTest(30)
    void echoesOneToThreePaths(RepetitionInfo repetition) throws Exception {
        int requests = 1 + repetition.getCurrentRepetition() % 3;
        for (int i = 0; i < requests; i++) {
            String word = "word" + repetition.getCurrentRepetition() + "x" + i;
            HttpResponse<String> response = client.send(
                    HttpRequest.newBuilder(server.url("/echo/" + word).uri()).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, response.statusCode());
            assertEquals(word, response.body());
        }
        assertEquals(requests, server.getRequestCount());
    }

    @ParameterizedTest
    @CsvSource({"/teapot, 418", "/missing, 404", "/echo/ok, 200", "/echo/, 200", "/teapot/, 404", "/TEAPOT, 404",
            "/echo/a/b, 200", "/, 404", "/echo/%20, 200", "/teapot?milk=yes, 418", "/echo/?q=1, 200", "/robots.txt, 404",
            "/echo/last, 200", "/favicon.ico, 404", "/teapot?cups=2, 418"})
    void routesByPath(String target, int status) throws Exception {
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(server.url("/").resolve(target).uri())
                .build(), HttpResponse.BodyHandlers.ofString());

        assertEquals(status, response.statusCode());
        assertTrue(status != 404 || response.body().startsWith("no route to "));
    }
}
