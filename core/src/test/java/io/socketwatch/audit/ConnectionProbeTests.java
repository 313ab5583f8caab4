package io.socketwatch.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.socketwatch.ConnectionProbe;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.ConnectionPool;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/** The probe end to end: real clients, MockWebServer or the JDK's HttpServer on 127.0.0.1, the real agent. */
@EnabledOnOs(OS.LINUX)
class ConnectionProbeTests {

    private final MockWebServer server = new MockWebServer();

    @BeforeEach
    void start() throws Exception {
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                return new MockResponse.Builder().body("ok").build();
            }
        });
        server.start(InetAddress.getByName("127.0.0.1"), 0);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void aSharedOkHttpClientReusesOneConnectionSequentiallyAndLeavesNoTimeWait() {
        OkHttpClient client = new OkHttpClient();
        ProbeReport report = ConnectionProbe.okHttp(client).withRequests(10).withThreads(3)
                .run(server.url("/").uri());
        assertThat(report.sequential().connectionsOpened()).isEqualTo(1);
        assertThat(report.sequential().exchangesPerConnection()).isEqualTo(10.0);
        assertThat(report.sequential().failures()).isZero();
        assertThat(report.concurrent().connectionsOpened()).isBetween(0, 2);
        assertThat(report.concurrent().timeWaitOnClient()).isZero();
        assertThat(report.timeWaitPerRequest()).isZero();
        assertThat(report.projectedTimeWaitPorts(1000)).isZero();
        assertThat(report.render(1000)).contains("churn does not limit the rate.");
        client.connectionPool().evictAll();
    }

    @Test
    void aPoolWithoutIdleConnectionsChurnsOneTimeWaitPerRequest() {
        OkHttpClient client = new OkHttpClient.Builder()
                .connectionPool(new ConnectionPool(0, 1, TimeUnit.SECONDS)).build();
        ProbeReport report = ConnectionProbe.okHttp(client).withRequests(10).withThreads(2)
                .run(server.url("/").uri());
        assertThat(report.sequential().connectionsOpened()).isEqualTo(10);
        assertThat(report.sequential().exchangesPerConnection()).isEqualTo(1.0);
        assertThat(report.sequential().closedByClient()).isEqualTo(10);
        assertThat(report.sequential().timeWaitOnClient()).isEqualTo(10);
        assertThat(report.concurrent().connectionsOpened()).isEqualTo(10);
        assertThat(report.timeWaitPerRequest()).isEqualTo(1.0);
        assertThat(report.projectedTimeWaitPorts(100)).isEqualTo(6000);
        assertThat(report.portExhaustionRate()).isEqualTo(report.ephemeralPorts() / 60.0);
        assertThat(report.render(100)).contains("At 100 requests/s: 1.00 TIME_WAIT per request holds 6000 of ");
    }

    @Test
    void theJdkHttpClientAgainstTheJdkHttpServerReusesConnections() throws Exception {
        HttpServer jdkServer = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 50);
        jdkServer.createContext("/", exchange -> {
            byte[] body = "ok".getBytes();
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        jdkServer.setExecutor(Executors.newFixedThreadPool(4));
        jdkServer.start();
        try {
            HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
                    .version(HttpClient.Version.HTTP_1_1).build();
            URI uri = URI.create("http://127.0.0.1:" + jdkServer.getAddress().getPort() + "/");
            ProbeReport report = ConnectionProbe.jdkHttpClient(client).withRequests(10).run(uri);
            assertThat(report.sequential().connectionsOpened()).isEqualTo(1);
            assertThat(report.sequential().exchangesPerConnection()).isEqualTo(10.0);
            assertThat(report.timeWaitPerRequest()).isZero();
            assertThat(report.toString()).startsWith("socketwatch probe: JDK HttpClient -> " + uri + "\n");
            // the sequential phase's connection, kept in the client's pool, serves the concurrent phase too
            ProbeReport.Phase concurrent = report.concurrent();
            assertThat(concurrent.connectionsKept()).isEqualTo(1);
            assertThat(concurrent.stillOpen()).isLessThanOrEqualTo(concurrent.connectionsOpened() + 1);
            assertThat(report.toString()).contains("  connections kept from before" + " ".repeat(12) + "0" + " ".repeat(12) + "1\n");
        } finally {
            jdkServer.stop(0);
        }
    }

    @Test
    void failedRequestsAreCountedNotThrown() {
        OkHttpClient client = new OkHttpClient();
        server.close();
        ProbeReport report = ConnectionProbe.okHttp(client).withRequests(2).withThreads(2)
                .run(server.url("/").uri());
        assertThat(report.sequential().failures()).isEqualTo(2);
        assertThat(report.concurrent().failures()).isEqualTo(2);
        String refused = "connection refused to " + server.url("/").host() + ":" + server.getPort();
        assertThat(report.sequential().failureReasons()).containsExactly(refused);
        assertThat(report.concurrent().failureReasons()).containsExactly(refused);
        assertThat(report.timeWaitPerRequest()).isZero();
        assertThat(report.render(100)).endsWith("\n4 of 4 requests failed:\n  " + refused + "\n"
                + "No request succeeded: nothing to conclude about connection reuse or churn.\n");
    }

    @Test
    void badArgumentsAreRejected() {
        ConnectionProbe probe = ConnectionProbe.of("none", uri -> { });
        assertThatThrownBy(() -> probe.withRequests(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("requests must be at least 1, was 0");
        assertThatThrownBy(() -> probe.withThreads(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("threads must be at least 1, was 0");
        assertThatThrownBy(() -> probe.run(URI.create("file:/tmp"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("no host in file:/tmp");
    }
}
