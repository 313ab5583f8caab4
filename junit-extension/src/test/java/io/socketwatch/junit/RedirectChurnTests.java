package io.socketwatch.junit;

import static io.socketwatch.junit.testkit.SocketWatchTestKit.assertStatistics;
import static io.socketwatch.junit.testkit.SocketWatchTestKit.openedAt;
import static io.socketwatch.junit.testkit.SocketWatchTestKit.run;
import static io.socketwatch.junit.testkit.SocketWatchTestKit.verdict;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.platform.testkit.engine.Events;

/**
 * The JDK's {@code HttpURLConnection} closes its connection for every redirect it follows: the churn that leaves gets
 * the cause and the fix of a redirect, not those of a client per request.
 */
@EnabledOnOs(OS.LINUX)
class RedirectChurnTests {

    @Test
    void churnFromFollowedRedirectsGetsTheRedirectsCauseAndFix() {
        Events tests = run(RedirectTestCases.class).testEvents();

        assertStatistics(tests, stats -> stats.started(2).succeeded(1).failed(1));
        String row = "  127.0.0.1:<port> -> 127.0.0.1:<port>  client  TIME_WAIT  age <age>  2 exchanges  closed first by "
                + "this JVM  " + openedAt(RedirectTestCases.class, "get", "get") + "\n";
        // each connection the JDK keeps after a redirect's target serves the next request, whose redirect closes it
        assertThat(verdict(tests, "followsARedirectPerRequest")).isEqualTo("""

                Expecting socket activity to leave no TIME_WAIT behind from connection churn, but 2 connections were \
                closed, replaced by a new connection to the same endpoint, and left in TIME_WAIT:
                """ + row + row + """
                A connection per request leaves one TIME_WAIT socket per request, each holding a local port for 60 s: \
                one endpoint then sustains only about 470 new connections/s (28,232 ephemeral ports) before connects \
                fail.
                Cause: HttpURLConnection closed each connection to follow a redirect: the JDK does so for every \
                redirect it follows, so each redirected request costs a connection.
                Fix: request the final URL, or use a client that follows redirects over its pooled connections (the \
                JDK's HttpClient with followRedirects(NORMAL), OkHttp).
                """);
    }

    @SocketWatch
    static class RedirectTestCases {

        private static HttpServer server;

        @BeforeAll
        static void startServer() throws IOException {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.createContext("/old", exchange -> {
                exchange.getResponseHeaders().set("Location", "/new");
                exchange.sendResponseHeaders(302, -1);
                exchange.close();
            });
            server.createContext("/new", exchange -> {
                byte[] body = "moved here".getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
                exchange.close();
            });
            server.start();
        }

        @AfterAll
        static void stopServer() {
            server.stop(0);
        }

        @Test
        void followsARedirectPerRequest() throws IOException {
            for (int i = 0; i < 3; i++) {
                assertThat(get("/old")).isEqualTo("moved here");
            }
        }

        @Test
        void requestsTheFinalUrl() throws IOException {
            for (int i = 0; i < 3; i++) {
                assertThat(get("/new")).isEqualTo("moved here");
            }
        }

        private static String get(String path) throws IOException {
            URL url = new URL("http", "127.0.0.1", server.getAddress().getPort(), path);
            HttpURLConnection connection = (HttpURLConnection) url.openConnection();
            try (InputStream body = connection.getInputStream()) { // line: get
                return new String(body.readAllBytes(), StandardCharsets.UTF_8);
            }
        }
    }
}
