package io.socketwatch.internal.clientaudit;

import io.socketwatch.audit.ClientAuditReport;
import io.socketwatch.audit.Finding;
import io.socketwatch.audit.Severity;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.core5.util.TimeValue;

/**
 * Audits an Apache HttpClient 5 classic connection manager. References httpclient5: loaded only when a user passes
 * one of its objects.
 */
public final class ApacheHttpClientAudit {

    static final String CLIENT = "Apache HttpClient 5";

    private ApacheHttpClientAudit() {
    }

    /** Audits {@code manager} and, if not {@code null}, the connection config it was given. */
    public static ClientAuditReport audit(PoolingHttpClientConnectionManager manager, ConnectionConfig config) {
        Objects.requireNonNull(manager, "manager");
        List<Finding> findings = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        int maxTotal = manager.getMaxTotal();
        if (maxTotal <= PoolingHttpClientConnectionManager.DEFAULT_MAX_TOTAL_CONNECTIONS) {
            findings.add(new Finding(Severity.WARNING, CLIENT, "maxTotal", value(maxTotal,
                    PoolingHttpClientConnectionManager.DEFAULT_MAX_TOTAL_CONNECTIONS),
                    "at most " + maxTotal + " connections to all hosts together: the next request waits for a "
                            + "lease (connectionRequestTimeout, 3 min by default) instead of connecting",
                    "PoolingHttpClientConnectionManagerBuilder.create().setMaxConnTotal(N), N the client's peak "
                            + "concurrency across hosts"));
        }
        int perRoute = manager.getDefaultMaxPerRoute();
        if (perRoute <= PoolingHttpClientConnectionManager.DEFAULT_MAX_CONNECTIONS_PER_ROUTE) {
            findings.add(new Finding(Severity.WARNING, CLIENT, "defaultMaxPerRoute", value(perRoute,
                    PoolingHttpClientConnectionManager.DEFAULT_MAX_CONNECTIONS_PER_ROUTE),
                    "at most " + perRoute + " connections to one host: concurrent requests beyond that queue for a "
                            + "lease while the host could serve them",
                    "PoolingHttpClientConnectionManagerBuilder.create().setMaxConnPerRoute(N), N the peak "
                            + "concurrency to one host"));
        }
        if (config == null) {
            notes.add(CLIENT + ": the manager does not expose its ConnectionConfig; pass it to "
                    + "ClientAudit.apacheHttpClient(manager, config) to audit validate-after-inactivity and "
                    + "time-to-live.");
        } else {
            TimeValue validate = config.getValidateAfterInactivity();
            if (validate != null && validate.getDuration() < 0) {
                findings.add(new Finding(Severity.WARNING, CLIENT, "validateAfterInactivity", "disabled",
                        "a pooled connection the server closed while idle (CLOSE_WAIT here) is leased without a "
                                + "check and the request on it fails with NoHttpResponseException",
                        "ConnectionConfig.custom().setValidateAfterInactivity(TimeValue.ofSeconds(2)) (the default)"));
            }
            TimeValue ttl = config.getTimeToLive();
            if (ttl == null || ttl.getDuration() < 0) {
                findings.add(new Finding(Severity.INFO, CLIENT, "timeToLive", "none (the default)",
                        "a connection is never retired while in use, so it keeps one server address for as long as "
                                + "it lives: after a fail-over or DNS change it still talks to the old one",
                        "ConnectionConfig.custom().setTimeToLive(TimeValue.ofMinutes(5))"));
            }
        }
        notes.add(CLIENT + ": idle and expired eviction (HttpClientBuilder.evictIdleConnections, "
                + "evictExpiredConnections) live in the CloseableHttpClient's private state and were not audited; "
                + "without them connections the server closed wait in CLOSE_WAIT until leased again.");
        return new ClientAuditReport(findings, notes);
    }

    private static String value(int value, int defaultValue) {
        return value == defaultValue ? value + " (the default)" : String.valueOf(value);
    }
}
