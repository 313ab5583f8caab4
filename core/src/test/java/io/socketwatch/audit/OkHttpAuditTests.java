package io.socketwatch.audit;

import static io.socketwatch.SocketAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.socketwatch.ClientAudit;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import okhttp3.ConnectionPool;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;

class OkHttpAuditTests {

    /** A client configured as this audit recommends: no finding. */
    private static OkHttpClient good() {
        return new OkHttpClient.Builder()
                .connectionPool(new ConnectionPool(16, 30, TimeUnit.SECONDS))
                .connectTimeout(Duration.ofSeconds(1))
                .readTimeout(Duration.ofSeconds(2))
                .writeTimeout(Duration.ofSeconds(2))
                .callTimeout(Duration.ofSeconds(5))
                .build();
    }

    @Test
    void aWellConfiguredClientHasNoFinding() {
        assertThat(ClientAudit.okHttp(good())).hasNoFindings();
        assertThat(ClientAudit.okHttp(good()).notes()).isEmpty();
    }

    @Test
    void aDefaultClientIsFlaggedForKeepAliveCallTimeoutAndDefaultTimeouts() {
        ClientAuditReport report = ClientAudit.okHttp(new OkHttpClient());
        assertThat(Findings.settings(report)).containsExactly("connectionPool.keepAliveDuration", "callTimeout",
                "connectTimeout, readTimeout, writeTimeout");
        Finding keepAlive = Findings.only(report, "connectionPool.keepAliveDuration");
        assertThat(keepAlive.severity()).isEqualTo(Severity.WARNING);
        assertThat(keepAlive.value()).isEqualTo("5 min (the default)");
        assertThat(keepAlive.why()).contains("CLOSE_WAIT");
        assertThat(Findings.only(report, "callTimeout").value()).isEqualTo("0 (none, the default)");
        assertThat(Findings.only(report, "connectTimeout, readTimeout, writeTimeout").severity())
                .isEqualTo(Severity.INFO);
    }

    @Test
    void aPoolWithoutIdleConnectionsIsCritical() {
        OkHttpClient client = good().newBuilder().connectionPool(new ConnectionPool(0, 30, TimeUnit.SECONDS)).build();
        Finding finding = Findings.only(ClientAudit.okHttp(client), "connectionPool.maxIdleConnections");
        assertThat(finding.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(finding.value()).isEqualTo("0");
        assertThat(finding.why()).contains("TIME_WAIT for 60 s").contains("470 new connections/s");
    }

    @Test
    void aTimeoutOfZeroWaitsForever() {
        OkHttpClient client = good().newBuilder().readTimeout(Duration.ZERO).build();
        assertThat(Findings.settings(ClientAudit.okHttp(client))).containsExactly("readTimeout");
        assertThat(Findings.only(ClientAudit.okHttp(client), "readTimeout").why()).startsWith("waits forever");
    }

    @Test
    void retryOnConnectionFailureOffIsFlagged() {
        OkHttpClient client = good().newBuilder().retryOnConnectionFailure(false).build();
        assertThat(Findings.settings(ClientAudit.okHttp(client))).containsExactly("retryOnConnectionFailure");
    }

    @Test
    void clientsBuiltFromOneAnotherShareAPoolAndPass() {
        OkHttpClient shared = good();
        OkHttpClient derived = shared.newBuilder().readTimeout(Duration.ofSeconds(3)).build();
        assertThat(ClientAudit.okHttp(shared, derived)).hasNoFindings();
    }

    @Test
    void clientsWithDistinctPoolsAreFlagged() {
        ClientAuditReport report = ClientAudit.okHttp(good(), good(), good());
        Finding finding = Findings.only(report, "connectionPool");
        assertThat(finding.client()).isEqualTo("OkHttp (3 clients)");
        assertThat(finding.value()).isEqualTo("3 distinct pools for 3 clients");
        assertThat(finding.fix()).contains("newBuilder()");
    }

    @Test
    void noClientIsAMistake() {
        assertThatThrownBy(ClientAudit::okHttp)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("no OkHttpClient to audit");
    }
}
