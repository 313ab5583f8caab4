package io.socketwatch.audit;

import static io.socketwatch.SocketAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import io.socketwatch.ClientAudit;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.util.TimeValue;
import org.junit.jupiter.api.Test;

class ApacheHttpClientAuditTests {

    private static final ConnectionConfig GOOD_CONFIG = ConnectionConfig.custom()
            .setTimeToLive(TimeValue.ofMinutes(5)).build();

    private static PoolingHttpClientConnectionManager manager(int total, int perRoute, ConnectionConfig config) {
        return PoolingHttpClientConnectionManagerBuilder.create()
                .setMaxConnTotal(total).setMaxConnPerRoute(perRoute).setDefaultConnectionConfig(config).build();
    }

    @Test
    void aWellConfiguredManagerHasNoFindingAndSaysWhatItCannotSee() throws Exception {
        try (PoolingHttpClientConnectionManager manager = manager(200, 50, GOOD_CONFIG)) {
            ClientAuditReport report = ClientAudit.apacheHttpClient(manager, GOOD_CONFIG);
            assertThat(report).hasNoFindings();
            assertThat(report.notes()).containsExactly("Apache HttpClient 5: idle and expired eviction "
                    + "(HttpClientBuilder.evictIdleConnections, evictExpiredConnections) live in the "
                    + "CloseableHttpClient's private state and were not audited; without them connections the server "
                    + "closed wait in CLOSE_WAIT until leased again.");
        }
    }

    @Test
    void theDefaultPoolSizesAreFlagged() throws Exception {
        try (PoolingHttpClientConnectionManager manager = new PoolingHttpClientConnectionManager()) {
            ClientAuditReport report = ClientAudit.apacheHttpClient(manager);
            assertThat(Findings.settings(report)).containsExactly("maxTotal", "defaultMaxPerRoute");
            assertThat(Findings.only(report, "maxTotal").value()).isEqualTo("25 (the default)");
            assertThat(Findings.only(report, "defaultMaxPerRoute").value()).isEqualTo("5 (the default)");
            assertThat(report.notes()).hasSize(2).first().asString().contains("does not expose its ConnectionConfig");
        }
    }

    @Test
    void disabledValidationAndNoTimeToLiveAreFlagged() throws Exception {
        ConnectionConfig config = ConnectionConfig.custom()
                .setValidateAfterInactivity(TimeValue.NEG_ONE_MILLISECOND).build();
        try (PoolingHttpClientConnectionManager manager = manager(200, 50, config)) {
            ClientAuditReport report = ClientAudit.apacheHttpClient(manager, config);
            assertThat(Findings.settings(report)).containsExactly("validateAfterInactivity", "timeToLive");
            assertThat(Findings.only(report, "validateAfterInactivity").why()).contains("NoHttpResponseException");
        }
    }
}
