package io.socketwatch.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/**
 * Runs each example class through the JUnit Platform, as a user's build would, and checks that its clean tests pass
 * and that socketwatch fails each faulty one with the message a user needs: the check's headline, the state, the
 * endpoint, where the connection was opened and why it is listed. The rest of each message, the fix included, is the
 * message factory's, checked by its own test in core. The examples' ports are ephemeral, so messages are matched on
 * the host.
 */
@EnabledOnOs(OS.LINUX)
class ExamplesTests {

    /** A loopback connection whose two ends in this JVM closed at once has both in TIME_WAIT: a race, not a fault. */
    static final String BOTH_ENDS = "( \\(\\d+ of them at both ends, closed by both at once\\))?";
    static final String CHURNED = "(\\d+ connections were|1 connection was) closed, replaced by a new connection to "
            + "the same endpoint, and left in TIME_WAIT" + BOTH_ENDS + ":";
    static final String CLIENT_TIME_WAIT = "-> 127\\.0\\.0\\.1:\\d+  client  TIME_WAIT ";
    /** The causes the churn message names, each the one its example causes. */
    static final String CLIENT_CLOSES = "Cause: this JVM closed each connection after using it";
    static final String SERVER_CLOSES = "Cause: this JVM's server closed each connection after answering";
    static final String JDBC_PER_QUERY = "Cause: a new JDBC connection per unit of work";
    static final String PROXY = "Cause: this JVM opened a new upstream connection per request while serving "
            + "connections it accepted";
    static final String NOT_REUSED = "reuse connections to 127\\.0\\.0\\.1:\\d+ \\(at most 1 connection\\), but 4 "
            + "exchanges went over 4 connections:";
    /** A reuse failure that names a client built per call as its cause. */
    static final String NOT_REUSED_BUILT_PER_CALL = NOT_REUSED.substring(0, NOT_REUSED.length() - 1)
            + ", because a client was built per call:";
    /** A reuse failure that names the unreleased responses as its cause. */
    static final String NOT_RELEASED = "reuse connections to 127\\.0\\.0\\.1:\\d+ \\(at most 1 connection\\), but 4 "
            + "exchanges went over 4 connections, because the application never released 4 of what the client handed "
            + "it, which keeps their connections out of the pool:";

    /** Returns "opened at" and the frame of the example app's line that holds {@code statement}. */
    static String site(String appClass, String method, String statement) {
        return "opened at " + frame(appClass, method, statement);
    }

    /**
     * Returns the stack frame, as printed, of the first line holding {@code statement} in {@code method} of an example
     * app class: its line number is read from the source, so that editing the examples does not break these tests.
     */
    static String frame(String appClass, String method, String statement) {
        Path source = Path.of("src/main/java/io/socketwatch/examples/app", appClass + ".java");
        List<String> lines;
        try {
            lines = Files.readAllLines(source);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int declaration = IntStream.range(0, lines.size()).filter(i -> lines.get(i).contains(" " + method + "("))
                .findFirst().orElseThrow(() -> new IllegalArgumentException(source + " has no method " + method));
        int line = IntStream.range(declaration, lines.size()).filter(i -> lines.get(i).contains(statement))
                .findFirst().orElseThrow(() -> new IllegalArgumentException(method + " has no line " + statement));
        return "io.socketwatch.examples.app." + appClass + "." + method + "(" + appClass + ".java:" + (line + 1) + ")";
    }

    @Nested
    @DisplayName("OkHttp")
    class OkHttp {

        @Test
        @DisplayName("passes a shared client, fails a client per request, closed or left idle, and responses never "
                + "closed")
        void okHttp() {
            ExampleRun run = ExampleRun.of(OkHttpExample.class)
                    .ranExactly("sharedClientReusesOneConnection", "newClientPerRequestChurnsConnections",
                            "newClientPerCallLeavesIdleConnections", "unclosedResponsesDefeatThePool")
                    .passed("sharedClientReusesOneConnection");
            // nothing closed, nothing churned: the connections sit idle in pools nobody uses again, and the message
            // names the line that built each client
            assertThat(run.failedWithSocketwatchMessage("newClientPerCallLeavesIdleConnections"))
                    .containsPattern("share one client per endpoint, but 4 clients were built for "
                            + "127\\.0\\.0\\.1:\\d+, one per call")
                    .containsPattern("-> 127\\.0\\.0\\.1:\\d+  client  ESTABLISHED .* 1 exchange  open  ")
                    .contains(site("ClientPerCallOkHttpWeatherClient", "forecast",
                            "try (Response response = http.newCall(request).execute())"))
                    .contains("its OkHttpClient was built at " + frame("ClientPerCallOkHttpWeatherClient", "forecast",
                            "OkHttpClient http = new OkHttpClient.Builder().build();"))
                    .contains("Fix: build one client and share it");
            // OkHttp 5 connects on a thread of its own: the connection takes the line of the call it was made for
            assertThat(run.failedWithSocketwatchMessage("newClientPerRequestChurnsConnections"))
                    .containsPattern("3 connections were closed, replaced by a new connection to the same endpoint, "
                            + "and left in TIME_WAIT" + BOTH_ENDS + ":")
                    .containsPattern(CLIENT_TIME_WAIT)
                    .contains("closed first by this JVM")
                    .contains(site("PerRequestOkHttpWeatherClient", "forecast",
                            "try (Response response = http.newCall(request).execute())"));
            Throwable unclosed = run.failure("unclosedResponsesDefeatThePool");
            // Each connection is held by its unclosed response, unless a garbage collection (socketwatch runs one to
            // find dropped sockets) freed the responses first: OkHttp then finds the leaked calls and closes their
            // connections. Either way the pool served one request per connection, and the message starts with the
            // responses never closed.
            assertThat(unclosed.getMessage())
                    .containsPattern(NOT_RELEASED)
                    .containsPattern("client  (ESTABLISHED|CLOSE|TIME_WAIT)  ")
                    .containsPattern("(still open|closed by this JVM) after 1 exchange")
                    .contains("its response body was never closed",
                            site("StatusOnlyOkHttpWeatherClient", "hasForecast",
                                    "Response response = http.newCall(request).execute();"));
            // the default checks catch the bodies left open too, kept behind the test's own failure
            assertThat(unclosed.getSuppressed()).singleElement().satisfies(leak -> assertThat(leak.getMessage())
                    .contains("but 4 connections were leaked:\n  OkHttp call  GET http://127.0.0.1:")
                    .contains("  obtained at " + frame("StatusOnlyOkHttpWeatherClient", "hasForecast",
                            "Response response = http.newCall(request).execute();")
                            + "\n      its response body was never closed"));
        }
    }

    @Nested
    @DisplayName("JDK HttpClient")
    class JdkHttpClient {

        @Test
        @DisplayName("passes a shared client, fails a client per request")
        void jdkHttpClient() {
            ExampleRun run = ExampleRun.of(JdkHttpClientExample.class)
                    .ranExactly("sharedClientReusesOneConnection", "newClientPerRequestOpensAConnectionPerRequest")
                    .passed("sharedClientReusesOneConnection");
            // JDK 17 keeps each dropped client's connection open; JDK 25 closes it once the client is collected,
            // which a collection during the test can do: the failure then leads with a client built per call only
            // while the clients' connections sat idle, not closed, as each next one opened
            String perRequest = run.failedWithSocketwatchMessage("newClientPerRequestOpensAConnectionPerRequest");
            assertThat(perRequest)
                    .containsPattern("client  (ESTABLISHED|TIME_WAIT) ")
                    .contains(site("PerRequestJdkHttpWeatherClient", "forecast", "return http.send(request"))
                    .satisfiesAnyOf(
                            builtPerCall -> assertThat(builtPerCall)
                                    .containsPattern(NOT_REUSED_BUILT_PER_CALL)
                                    .contains("its HttpClient was built at " + frame("PerRequestJdkHttpWeatherClient",
                                            "forecast", "HttpClient http = HttpClient.newHttpClient();")),
                            collected -> assertThat(collected).containsPattern(NOT_REUSED)
                                    .containsPattern("(still open|closed by this JVM) after 1 exchange"));
        }
    }

    @Nested
    @DisplayName("HttpURLConnection")
    class HttpUrlConnection {

        @Test
        @DisplayName("passes streams read and closed, fails Connection: close either way and unread streams")
        void httpUrlConnection() {
            ExampleRun run = ExampleRun.of(HttpUrlConnectionExample.class)
                    .ranExactly("streamsReadAndClosedReuseOneConnection",
                            "serverAnsweringConnectionCloseChurnsConnections",
                            "clientSendingConnectionCloseLeavesCloseWait", "unreadStreamsLeakConnections")
                    .passed("streamsReadAndClosedReuseOneConnection");
            // client and server race to close first: the TIME_WAIT end may be the server's, listed without the
            // client's opening site (a gap, see the report), so the site is not asserted here
            assertThat(run.failedWithSocketwatchMessage("serverAnsweringConnectionCloseChurnsConnections"))
                    .containsPattern("3 connections were closed, replaced by a new connection to the same endpoint, "
                            + "and left in TIME_WAIT" + BOTH_ENDS + ":")
                    .containsPattern("127\\.0\\.0\\.1:\\d+  (client|server)  TIME_WAIT ")
                    .containsPattern("(" + CLIENT_CLOSES + "|" + SERVER_CLOSES + ")");
            assertThat(run.failedWithSocketwatchMessage("clientSendingConnectionCloseLeavesCloseWait"))
                    .contains("but 1 connection was leaked:")
                    .containsPattern("-> 127\\.0\\.0\\.1:\\d+  client  CLOSE_WAIT ")
                    .contains(site("ClosingUrlConnectionWeatherClient", "forecast",
                            "try (InputStream body = connection.getInputStream())"),
                            "the peer closed it and this JVM never did (CLOSE_WAIT)");
            assertThat(run.failedWithSocketwatchMessage("unreadStreamsLeakConnections"))
                    .contains("but 4 connections were leaked:")
                    // the JDK closes a collected socket on its own, sometimes before socketwatch looks
                    .containsPattern("-> 127\\.0\\.0\\.1:\\d+  client  [A-Z_0-9]+ .* dropped without close")
                    .contains(site("StatusOnlyUrlConnectionWeatherClient", "hasForecast",
                            "return connection.getResponseCode()"),
                            "the socket became unreachable while open: nothing closed it");
        }
    }

    @Nested
    @DisplayName("Apache HttpClient 5")
    class ApacheHttpClient {

        @Test
        @DisplayName("passes responses closed, fails responses never closed")
        void apacheHttpClient() {
            ExampleRun run = ExampleRun.of(ApacheHttpClientExample.class)
                    .ranExactly("closedResponsesReuseOneConnection", "unclosedResponsesNeverReleaseTheirConnections")
                    .passed("closedResponsesReuseOneConnection");
            assertThat(run.failedWithSocketwatchMessage("unclosedResponsesNeverReleaseTheirConnections"))
                    .containsPattern(NOT_RELEASED)
                    .contains("client  ESTABLISHED", "still open after 1 exchange", "its response was never closed",
                            site("StatusOnlyApacheWeatherClient", "hasForecast",
                                    "ClassicHttpResponse response = http.executeOpen("));
        }
    }

    @Nested
    @DisplayName("JDBC on PostgreSQL")
    class Jdbc {

        @Test
        @DisplayName("passes a HikariCP pool, fails a connection per query")
        void jdbc() {
            ExampleRun run = ExampleRun.of(JdbcExample.class)
                    .ranExactly("poolReusesConnections", "connectionPerQueryChurnsConnections",
                            "connectionNeverClosedLeaks")
                    .passed("poolReusesConnections");
            assertThat(run.failedWithSocketwatchMessage("connectionNeverClosedLeaks"))
                    .contains("but 1 connection was leaked:\n  pooled JDBC connection  jdbc:postgresql://localhost:")
                    .contains("  not released  age ")
                    .contains("  obtained at " + frame("UserRepository", "countUsersLeakingTheConnection",
                            "Connection connection = dataSource.getConnection();"))
                    .contains("never closed: it is never returned, and the pool has one connection less until it is")
                    .doesNotContain("password=postgres");
            // PostgreSQL closes first now and then: those TIME_WAIT ends are in its process, not counted here
            assertThat(run.failedWithSocketwatchMessage("connectionPerQueryChurnsConnections"))
                    .containsPattern(CHURNED)
                    .containsPattern(CLIENT_TIME_WAIT)
                    .contains(site("DriverManagerDataSource", "getConnection",
                            "return DriverManager.getConnection("), JDBC_PER_QUERY);
        }
    }

    @Nested
    @DisplayName("Reverse proxy")
    class ReverseProxy {

        @Test
        @DisplayName("passes upstream keep-alive, fails a new upstream connection per request")
        void reverseProxy() {
            ExampleRun run = ExampleRun.of(ReverseProxyExample.class)
                    .ranExactly("upstreamKeepAliveReusesConnections", "noUpstreamKeepAliveChurnsConnections")
                    .passed("upstreamKeepAliveReusesConnections");
            assertThat(run.failedWithSocketwatchMessage("noUpstreamKeepAliveChurnsConnections"))
                    .containsPattern("3 connections were closed, replaced by a new connection to the same endpoint, "
                            + "and left in TIME_WAIT" + BOTH_ENDS + ":")
                    .containsPattern(CLIENT_TIME_WAIT)
                    .contains(site("ReverseProxy", "viaNewConnection",
                            "try (Socket socket = new Socket(upstream.getAddress(), upstream.getPort()))"),
                            "closed first by this JVM", PROXY);
        }
    }
}
