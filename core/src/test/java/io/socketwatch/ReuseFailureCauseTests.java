package io.socketwatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.socketwatch.testing.SourceLines;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/** A reuse failure whose cause is a response the application never closed starts with that cause. */
@EnabledOnOs(OS.LINUX)
class ReuseFailureCauseTests {

    private final MockWebServer server = new MockWebServer();
    private final OkHttpClient client = new OkHttpClient();

    @BeforeEach
    void start() throws IOException {
        server.start(InetAddress.getLoopbackAddress(), 0);
    }

    @AfterEach
    void stop() {
        client.connectionPool().evictAll();
        client.dispatcher().executorService().shutdown();
        server.close();
    }

    @Test
    void anUnclosedResponseBodyIsNamedFirstAsTheCauseOfTheSecondConnection() throws IOException {
        server.enqueue(new MockResponse.Builder().body("first").build());
        server.enqueue(new MockResponse.Builder().body("second").build());
        try (SocketWatcher watcher = SocketWatcher.start(Duration.ofMillis(300))) {
            Response leaked = client.newCall(request()).execute(); // line: leaked
            assertThat(leaked.code()).isEqualTo(200);
            try (Response closed = client.newCall(request()).execute()) {
                assertThat(closed.body().string()).isEqualTo("second");
            }

            assertThatThrownBy(() -> watcher.assertConnectionReused("localhost", server.getPort()))
                    .isInstanceOf(AssertionError.class)
                    .satisfies(failure -> assertThat(normalized(failure.getMessage())).isEqualTo("""

                            Expecting socket activity to reuse connections to localhost:<port> (at most 1 connection), \
                            but 2 exchanges went over 2 connections, because the application never released 1 of \
                            what the client handed it, which keeps its connection out of the pool:
                              OkHttp call  GET http://localhost:<port>/...  not released  age <age>  obtained at \
                            io.socketwatch.ReuseFailureCauseTests.anUnclosedResponseBodyIsNamedFirstAsTheCauseOfThe\
                            SecondConnection(ReuseFailureCauseTests.java:%d)
                                  its response body was never closed: the call keeps its connection out of the pool
                            So later requests opened connections of their own:
                              127.0.0.1:<port> -> 127.0.0.1:<port>  client  ESTABLISHED  age <age>  1 exchange  \
                            open  opened at io.socketwatch.ReuseFailureCauseTests.anUnclosedResponseBodyIsNamedFirst\
                            AsTheCauseOfTheSecondConnection(ReuseFailureCauseTests.java:%d)
                                  still open after 1 exchange
                              127.0.0.1:<port> -> 127.0.0.1:<port>  client  ESTABLISHED  age <age>  1 exchange  \
                            open  opened at io.socketwatch.ReuseFailureCauseTests.anUnclosedResponseBodyIsNamedFirst\
                            AsTheCauseOfTheSecondConnection(ReuseFailureCauseTests.java:%d)
                                  still open after 1 exchange
                            Fix: close each response (try-with-resources, or read its body to the end) and each \
                            connection you borrow, so that it returns to the pool for the next request.
                            Note: <MockWebServer's ends set aside>
                            """.formatted(line("leaked"), line("leaked"), line("leaked") + 2)));
            leaked.close();
        }
    }

    private Request request() {
        return new Request.Builder().url(server.url("/")).build();
    }

    /** Replaces what changes from run to run: ports, ages, and how many of MockWebServer's ends the window saw. */
    private static String normalized(String message) {
        return message.replaceAll("(\\d{1,3}(?:\\.\\d{1,3}){3}|localhost):\\d+", "$1:<port>")
                .replaceAll("age (?:<1|\\d+(?:\\.\\d+)?) (?:ms|s)", "age <age>")
                .replaceAll("Note: \\d+ connection ends? opened by test infrastructure, not the code under test, set "
                        + "aside \\(mockwebserver3\\.MockWebServer(?: x\\d+)?\\)\\.", "Note: <MockWebServer's ends set aside>");
    }

    private static int line(String marker) {
        return SourceLines.line(ReuseFailureCauseTests.class, marker);
    }
}
