package io.socketwatch.junit;

import static io.socketwatch.junit.testkit.SocketWatchTestKit.assertStatistics;
import static io.socketwatch.junit.testkit.SocketWatchTestKit.run;
import static io.socketwatch.junit.testkit.SocketWatchTestKit.verdict;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.platform.testkit.engine.Events;

/**
 * A request a client gives up on (a timeout) leaves its connection closed by this JVM, and the next request needs a
 * new one: no client can send a request over a connection that still owes an answer, so that is not churn. A client
 * that closes connections it got answers on still churns.
 */
@EnabledOnOs(OS.LINUX)
class AbandonedRequestTests {

    @Test
    void aTimedOutRequestsConnectionIsNotChurnButClosingAnsweredOnesIs() {
        Events tests = run(TimeoutTestCases.class).testEvents();

        assertStatistics(tests, stats -> stats.started(2).succeeded(1).failed(1));
        assertThat(verdict(tests, "closesEachAnsweredConnection")).startsWith("""

                Expecting socket activity to leave no TIME_WAIT behind from connection churn, but 2 connections were \
                closed, replaced by a new connection to the same endpoint, and left in TIME_WAIT:""")
                .contains("""
                        Cause: this JVM closed each connection after using it: a client (with its own connection pool) \
                        built per request, or Connection: close sent or answered.
                        """);
    }

    @SocketWatch
    static class TimeoutTestCases {

        private static SlowOrFastServer server;
        private static OkHttpClient okHttp;
        /** Gives up on a request whose answer does not start within 100 ms. */
        private static OkHttpClient impatient;

        @BeforeAll
        static void start() throws IOException {
            server = new SlowOrFastServer();
            okHttp = new OkHttpClient();
            impatient = new OkHttpClient.Builder().readTimeout(Duration.ofMillis(100)).build();
        }

        @AfterAll
        static void stop() throws IOException {
            for (OkHttpClient client : new OkHttpClient[] {okHttp, impatient}) {
                client.dispatcher().executorService().shutdown();
                client.connectionPool().evictAll();
            }
            server.close();
        }

        @Test
        void fastRequestAfterOneThatTimedOut() throws Exception {
            Request slow = new Request.Builder().url(server.uri("/slow").toString()).build();
            assertThatThrownBy(() -> impatient.newCall(slow).execute()).isInstanceOf(SocketTimeoutException.class);
            server.awaitClosedByClient(); // OkHttp closed the connection it gave up on: its end goes to TIME_WAIT
            try (Response response = impatient.newCall(new Request.Builder().url(server.uri("/fast").toString())
                    .build()).execute()) {
                assertThat(response.body().string()).isEqualTo("on time");
            }
        }

        @Test
        void closesEachAnsweredConnection() throws IOException {
            for (int i = 0; i < 3; i++) {
                try (Response response = okHttp.newCall(new Request.Builder().url(server.uri("/fast").toString())
                        .build()).execute()) {
                    assertThat(response.body().string()).isEqualTo("on time");
                }
                okHttp.connectionPool().evictAll(); // closes the idle connection: the next call opens another
            }
        }
    }

    /**
     * A keep-alive HTTP/1.1 server on loopback: {@code /fast} is answered at once; {@code /slow} never, and its
     * connection is closed once the client closed its end, so that the client's end ends in TIME_WAIT.
     */
    static final class SlowOrFastServer implements AutoCloseable {

        private final ServerSocket listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        private final java.util.concurrent.Semaphore slowClosed = new java.util.concurrent.Semaphore(0);

        SlowOrFastServer() throws IOException {
            Thread acceptor = new Thread(this::accept, "slow-or-fast server");
            acceptor.setDaemon(true);
            acceptor.start();
        }

        URI uri(String path) {
            return URI.create("http://127.0.0.1:" + listener.getLocalPort() + path);
        }

        /** Waits, at most 10 s, until a {@code /slow} connection was closed by its client and then by the server. */
        void awaitClosedByClient() throws InterruptedException {
            assertThat(slowClosed.tryAcquire(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        }

        private void accept() {
            while (!listener.isClosed()) {
                try {
                    Socket connection = listener.accept();
                    Thread serving = new Thread(() -> serve(connection), "slow-or-fast connection");
                    serving.setDaemon(true);
                    serving.start();
                } catch (IOException closed) {
                    return;
                }
            }
        }

        private void serve(Socket connection) {
            try (connection; InputStream in = connection.getInputStream();
                 OutputStream out = connection.getOutputStream()) {
                String head;
                while ((head = readHead(in)) != null) {
                    if (head.startsWith("GET /slow")) {
                        while (in.read() != -1) {
                            // never answered: waits for the client to give up and close
                        }
                        connection.close();
                        slowClosed.release();
                        return;
                    }
                    out.write("HTTP/1.1 200 OK\r\nContent-Length: 7\r\n\r\non time"
                            .getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                }
            } catch (IOException e) {
                // the client went away
            }
        }

        /** Reads a request's head up to its blank line; {@code null} at the end of the stream. */
        private static String readHead(InputStream in) throws IOException {
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            int matched = 0;
            int b;
            while ((b = in.read()) != -1) {
                head.write(b);
                matched = b == "\r\n\r\n".charAt(matched) ? matched + 1 : b == '\r' ? 1 : 0;
                if (matched == 4) {
                    return head.toString(StandardCharsets.US_ASCII);
                }
            }
            return null;
        }

        @Override
        public void close() throws IOException {
            listener.close();
        }
    }
}
