package io.socketwatch.internal.clientaudit;

import io.socketwatch.audit.ClientAuditReport;
import io.socketwatch.audit.Finding;
import io.socketwatch.audit.Severity;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.List;

/** Audits a {@link HttpClient}, optionally with one of its requests, and the {@code jdk.httpclient.*} settings. */
public final class JdkHttpClientAudit {

    static final String CLIENT = "JDK HttpClient";
    static final String KEEP_ALIVE = "jdk.httpclient.keepalive.timeout";
    static final String POOL_SIZE = "jdk.httpclient.connectionPoolSize";

    private JdkHttpClientAudit() {
    }

    /**
     * Audits {@code client} and, if not {@code null}, {@code request}.
     *
     * @param jdkFeature the JDK's feature release, which decides the keep-alive default (1200 s before JDK 20, 30 s
     *                   from then on)
     */
    public static ClientAuditReport audit(HttpClient client, HttpRequest request, NetProperties settings, int jdkFeature) {
        List<Finding> findings = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        if (client.connectTimeout().isEmpty()) {
            findings.add(new Finding(Severity.WARNING, CLIENT, "connectTimeout", "none (the default)",
                    "a connect to a host that does not answer waits for the OS: Linux resends the SYN "
                            + "(net.ipv4.tcp_syn_retries = 6), about 130 s, before it gives up",
                    "HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))"));
        }
        if (request == null) {
            notes.add("JDK HttpClient: the request timeout is set per HttpRequest and the client cannot tell it; "
                    + "audit a request too with ClientAudit.jdkHttpClient(client, request).");
        } else if (request.timeout().isEmpty()) {
            findings.add(new Finding(Severity.WARNING, CLIENT, "HttpRequest.timeout", "none (the default)",
                    "the request waits forever for a response: a server that accepts and never answers holds the "
                            + "connection and the caller until the JVM exits",
                    "HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10))"));
        }
        keepAlive(settings, jdkFeature, findings);
        poolSize(settings, findings);
        if (settings.get(KEEP_ALIVE).isPresent() || settings.get(POOL_SIZE).isPresent()) {
            notes.add("JDK HttpClient: jdk.httpclient.* settings are read once, when the JVM first uses an "
                    + "HttpClient; a value set after that has no effect.");
        }
        return new ClientAuditReport(findings, notes);
    }

    private static void keepAlive(NetProperties settings, int jdkFeature, List<Finding> findings) {
        long defaultSeconds = jdkFeature >= 20 ? 30 : 1200;
        String set = settings.get(KEEP_ALIVE).orElse(null);
        long seconds = defaultSeconds;
        String value = defaultSeconds + " s (the default on JDK " + jdkFeature + ")";
        if (set != null) {
            try {
                seconds = Long.parseLong(set);
                value = seconds + " s";
            } catch (NumberFormatException e) {
                value = "'" + set + "' (not a number: the JDK uses its default, " + defaultSeconds + " s)";
            }
        }
        if (seconds > 60) {
            findings.add(new Finding(Severity.WARNING, CLIENT, KEEP_ALIVE, value,
                    "an idle pooled connection is kept " + seconds + " s; " + TcpCosts.STALE
                            + " (the client retries only idempotent requests)",
                    "-D" + KEEP_ALIVE + "=N at JVM start, N below the server's idle timeout (e.g. 4 for a Node.js "
                            + "server, 50 behind an AWS ALB)"));
        }
    }

    private static void poolSize(NetProperties settings, List<Finding> findings) {
        String set = settings.get(POOL_SIZE).orElse("0");
        long size;
        try {
            size = Long.parseLong(set);
        } catch (NumberFormatException e) {
            size = 0;
        }
        if (size <= 0) {
            findings.add(new Finding(Severity.INFO, CLIENT, POOL_SIZE,
                    set.equals("0") ? "0 (unbounded, the default)" : "'" + set + "' (unbounded)",
                    "a burst keeps every connection it opened: N concurrent requests leave N idle sockets open on "
                            + "both hosts until the keep-alive timeout",
                    "-D" + POOL_SIZE + "=N at JVM start, N about the concurrency the client sustains"));
        } else if (size < 5) {
            findings.add(new Finding(Severity.WARNING, CLIENT, POOL_SIZE, size + "",
                    "connections beyond " + size + " are closed when returned, so concurrent load opens and closes "
                            + "connections: " + TcpCosts.CHURN,
                    "-D" + POOL_SIZE + "=N at JVM start, N at least the concurrency the client sustains"));
        }
    }
}
