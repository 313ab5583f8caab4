package io.socketwatch.benchmarks.suite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code HttpURLConnection}, the JDK's oldest client, against a {@code MockWebServer} per test: streams read to the
 * end and closed so that the JDK's keep-alive cache reuses the connection, {@code disconnect()} after a single
 * request, and a read timeout a throttled body exceeds. Part of the realistic suite; run it with
 * {@code java -cp benchmarks/target/benchmarks.jar io.socketwatch.benchmarks.RealisticSuite plain|watched}.
 */
class UrlConnectionSuite {

    private MockWebServer server;

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
    @ValueSource(strings = {"/", "/index.html", "/api/things", "/api/things/9", "/api/things?sort=name", "/a%20b",
            "/deep/er/and/deeper", "/status", "/metrics", "/version"})
    void getReadsTheBody(String target) throws Exception {
        server.enqueue(new MockResponse.Builder().body("content of " + target).build());

        HttpURLConnection connection = open(target);
        assertEquals(200, connection.getResponseCode());
        try (InputStream body = connection.getInputStream()) {
            assertEquals("content of " + target, new String(body.readAllBytes(), StandardCharsets.UTF_8));
        }
        assertEquals(target, server.takeRequest().getTarget());
    }

    @RepeatedTest(8)
    void keepAliveReusesTheConnection(RepetitionInfo repetition) throws Exception {
        int requests = 2 + repetition.getCurrentRepetition() % 2;
        for (int i = 0; i < requests; i++) {
            server.enqueue(new MockResponse.Builder().body("item " + i).build());
        }
        for (int i = 0; i < requests; i++) {
            HttpURLConnection connection = open("/items/" + i);
            try (InputStream body = connection.getInputStream()) {
                assertEquals("item " + i, new String(body.readAllBytes(), StandardCharsets.UTF_8));
            }
        }
        RecordedRequest first = server.takeRequest();
        for (int i = 1; i < requests; i++) {
            assertEquals(first.getConnectionIndex(), server.takeRequest().getConnectionIndex());
        }
    }

    @RepeatedTest(5)
    void disconnectsAfterASingleRequest() throws Exception {
        server.enqueue(new MockResponse.Builder().body("only one").build());

        HttpURLConnection connection = open("/once");
        try (InputStream body = connection.getInputStream()) {
            assertEquals("only one", new String(body.readAllBytes(), StandardCharsets.UTF_8));
        } finally {
            connection.disconnect();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"a\":1}", "{\"b\":[1,2,3]}", "plain text body", "", "x"})
    void postsABody(String payload) throws Exception {
        server.enqueue(new MockResponse.Builder().code(201).body("stored").build());

        HttpURLConnection connection = open("/store");
        connection.setRequestMethod("POST");
        connection.setDoOutput(true);
        connection.setRequestProperty("Content-Type", "application/json");
        try (OutputStream out = connection.getOutputStream()) {
            out.write(payload.getBytes(StandardCharsets.UTF_8));
        }
        assertEquals(201, connection.getResponseCode());
        try (InputStream body = connection.getInputStream()) {
            assertEquals("stored", new String(body.readAllBytes(), StandardCharsets.UTF_8));
        }
        assertEquals(payload, server.takeRequest().getBody().utf8());
    }

    @Test
    void errorStreamIsReadAndClosed() throws Exception {
        server.enqueue(new MockResponse.Builder().code(404).body("not here").build());

        HttpURLConnection connection = open("/gone");
        assertEquals(404, connection.getResponseCode());
        try (InputStream error = connection.getErrorStream()) {
            assertEquals("not here", new String(error.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    @ParameterizedTest
    @ValueSource(longs = {200, 300})
    void throttledBodyHitsTheReadTimeout(long millisPerByte) throws Exception {
        server.enqueue(new MockResponse.Builder().body("0123456789")
                .throttleBody(1, millisPerByte, TimeUnit.MILLISECONDS).build());

        HttpURLConnection connection = open("/slow");
        connection.setReadTimeout(100);
        try (InputStream body = connection.getInputStream()) {
            assertThrows(SocketTimeoutException.class, body::readAllBytes);
        } finally {
            connection.disconnect();
        }
    }

    private HttpURLConnection open(String target) throws IOException {
        HttpURLConnection connection = (HttpURLConnection) server.url(target).url().openConnection();
        connection.setConnectTimeout(2000);
        connection.setReadTimeout(5000);
        return connection;
    }
}
