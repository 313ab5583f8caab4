package com.acme.orders;

import static io.socketwatch.SocketAssertions.assertThat;  // not AssertJ's: it has no assertThat(ClientAuditReport)

import io.socketwatch.ClientAudit;
import io.socketwatch.SocketWatcher;
import io.socketwatch.audit.Severity;
import io.socketwatch.junit.SocketWatch;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import okhttp3.ConnectionPool;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@SocketWatch  // each test fails on TIME_WAIT churn, CLOSE_WAIT and leaked connections
class OrderClientTest {

    private final MockWebServer server = new MockWebServer();
    private final OkHttpClient client = new OkHttpClient.Builder()
            .connectionPool(new ConnectionPool(5, 30, TimeUnit.SECONDS))  // idle 30 s: below servers' idle timeouts
            .callTimeout(Duration.ofSeconds(10))
            .build();

    @BeforeEach
    void startServer() throws IOException {
        server.start();
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    @Test
    void fetchesOrdersOverOneConnection(SocketWatcher watcher) throws IOException {
        for (int i = 0; i < 3; i++) {
            server.enqueue(new MockResponse.Builder().body("[]").build());
            Request request = new Request.Builder().url(server.url("/orders")).build();
            try (Response response = client.newCall(request).execute()) {
                response.body().string();
            }
        }
        watcher.assertConnectionReused(server.getHostName(), server.getPort());
    }

    @Test
    void clientIsConfiguredForConnectionReuse() {
        assertThat(ClientAudit.okHttp(client)).hasNoFindingAtOrAbove(Severity.WARNING);
    }
}
