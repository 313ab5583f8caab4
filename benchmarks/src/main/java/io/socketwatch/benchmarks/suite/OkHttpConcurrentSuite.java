package io.socketwatch.benchmarks.suite;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.QueueDispatcher;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * OkHttp tests that run in parallel ({@code @Execution(CONCURRENT)}, with JUnit's parallel execution enabled by the
 * runner): one client shared by the class's tests, which run at once, each against a {@code MockWebServer} of its
 * own. Part of the realistic suite; run it with
 * {@code java -cp benchmarks/target/benchmarks.jar io.socketwatch.benchmarks.RealisticSuite plain|watched}.
 */
@Execution(ExecutionMode.CONCURRENT)
class OkHttpConcurrentSuite {

    private static OkHttpClient client;

    private MockWebServer server;

    @BeforeAll
    static void createClient() {
        client = new OkHttpClient.Builder().readTimeout(5, TimeUnit.SECONDS).build();
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

    @RepeatedTest(30)
    void fetchesOneToThreeResources(RepetitionInfo repetition) throws Exception {
        int requests = 1 + repetition.getCurrentRepetition() % 3;
        for (int i = 0; i < requests; i++) {
            server.enqueue(new MockResponse.Builder().body("resource " + i).build());
        }
        for (int i = 0; i < requests; i++) {
            try (Response response = client.newCall(new Request.Builder().url(server.url("/r/" + i)).build())
                    .execute()) {
                assertEquals("resource " + i, response.body().string());
            }
        }
        assertEquals(requests, server.getRequestCount());
    }

    @ParameterizedTest
    @ValueSource(strings = {"alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta", "iota", "kappa",
            "lambda", "mu", "nu", "xi", "omicron"})
    void answersEveryRequestWithTheSameResponse(String name) throws Exception {
        QueueDispatcher dispatcher = new QueueDispatcher();
        dispatcher.setFailFast(new MockResponse.Builder().body("hello " + name).build());
        server.setDispatcher(dispatcher);

        for (int i = 0; i < 2; i++) {
            try (Response response = client.newCall(new Request.Builder().url(server.url("/" + name)).build())
                    .execute()) {
                assertEquals("hello " + name, response.body().string());
            }
        }
        assertEquals(1, server.takeRequest().getExchangeIndex() + server.takeRequest().getExchangeIndex());
    }
}
