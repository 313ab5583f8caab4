package io.socketwatch.internal.clientaudit;

import io.socketwatch.audit.ClientAuditReport;
import io.socketwatch.audit.Finding;
import io.socketwatch.audit.Severity;
import java.util.ArrayList;
import java.util.List;

/** Audits the system-wide settings of {@link java.net.HttpURLConnection}: {@code http.keepAlive}, {@code http.maxConnections}. */
public final class HttpUrlConnectionAudit {

    static final String CLIENT = "HttpURLConnection";

    private HttpUrlConnectionAudit() {
    }

    /** Audits the settings {@code settings} holds. */
    public static ClientAuditReport audit(NetProperties settings) {
        List<Finding> findings = new ArrayList<>();
        String keepAlive = settings.get("http.keepAlive").orElse(null);
        if (keepAlive != null && !Boolean.parseBoolean(keepAlive)) {
            findings.add(new Finding(Severity.CRITICAL, CLIENT, "http.keepAlive", keepAlive,
                    "every request opens a new connection and the client closes it after the response: one "
                            + "TIME_WAIT per request; " + TcpCosts.CHURN,
                    "remove -Dhttp.keepAlive=false (keep-alive is on by default), and read each response body to "
                            + "the end and close it so its connection returns to the cache"));
        }
        String max = settings.get("http.maxConnections").orElse(null);
        int connections = 5;
        if (max != null) {
            try {
                connections = Integer.parseInt(max);
            } catch (NumberFormatException e) {
                connections = 5;
            }
            connections = connections > 0 ? connections : 5;
        }
        if (connections <= 5 && (keepAlive == null || Boolean.parseBoolean(keepAlive))) {
            findings.add(new Finding(connections < 5 ? Severity.WARNING : Severity.INFO, CLIENT, "http.maxConnections",
                    max == null ? "5 (the default)" : connections == 5 && !max.equals("5")
                            ? "'" + max + "' (invalid: the JDK uses 5)" : max,
                    "at most " + connections + " idle connections are kept per host: more concurrent requests than "
                            + "that close their connections after use; " + TcpCosts.CHURN,
                    "-Dhttp.maxConnections=N at JVM start, N at least the concurrent requests to one host"));
        }
        List<String> notes = keepAlive != null || max != null
                ? List.of("HttpURLConnection: http.keepAlive and http.maxConnections are read once, at the JVM's first "
                        + "HTTP connection; a value set after that has no effect.")
                : List.of();
        return new ClientAuditReport(findings, notes);
    }
}
