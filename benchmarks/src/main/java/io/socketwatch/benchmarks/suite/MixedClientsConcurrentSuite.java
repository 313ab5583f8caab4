package io.socketwatch.benchmarks.suite;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.QueueDispatcher;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * One request from each of three clients, OkHttp, the JDK's {@code HttpClient} and {@code HttpURLConnection}, to a
 * {@code MockWebServer} of the test's own, in tests that run in parallel ({@code @Execution(CONCURRENT)}); the OkHttp
 * client is made per test and shut down in {@code @AfterEach}. Part of the realistic suite; run it with
 * {@code java -cp benchmarks/target/benchmarks.jar io.socketwatch.benchmarks.RealisticSuite plain|watched}.
 */
@Execution(ExecutionMode.CONCURRENT)
class MixedClientsConcurrentSuite {

    private MockWebServer server;
    private OkHttpClient okHttp;

    @BeforeEach
    void setUp() throws IOException {
        server = new MockWebServer();
        QueueDispatcher dispatcher = new QueueDispatcher();
        dispatcher.setFailFast(new MockResponse.Builder().body("same answer for all").build());
        server.setDispatcher(dispatcher);
        server.start();
        okHttp = new OkHttpClient();
    }

    @AfterEach
    void tearDown() {
        okHttp.dispatcher().executorService().shutdown();
        okHttp.connectionPool().evictAll();
        server.close();
    }

    @RepeatedTest(25)
    void threeClientsGetTheSameAnswer(RepetitionInfo repetition) throws Exception {
        String target = "/mixed/" + repetition.getCurrentRepetition();

        try (Response response = okHttp.newCall(new Request.Builder().url(server.url(target)).build()).execute()) {
            assertEquals("same answer for all", response.body().string());
        }

        HttpClient jdk = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        try {
            assertEquals("same answer for all", jdk.send(HttpRequest.newBuilder(server.url(target).uri()).build(),
                    HttpResponse.BodyHandlers.ofString()).body());
        } finally {
            if (jdk instanceof AutoCloseable closeable) { // JDK 21 and later
                closeable.close();
            }
        }

        HttpURLConnection connection = (HttpURLConnection) server.url(target).url().openConnection();
        try (InputStream body = connection.getInputStream()) {
            assertEquals("same answer for all", new String(body.readAllBytes(), StandardCharsets.UTF_8));
        }

        assertEquals(3, server.getRequestCount());
    }
}
