package io.socketwatch.internal.clientaudit;

import io.socketwatch.audit.ClientAuditReport;
import io.socketwatch.audit.Finding;
import io.socketwatch.audit.Severity;
import java.lang.reflect.Field;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import okhttp3.ConnectionPool;
import okhttp3.OkHttpClient;

/**
 * Audits OkHttp clients. References OkHttp: loaded only when a user passes an {@link OkHttpClient}.
 *
 * <p>OkHttp 5 does not expose a pool's size and keep-alive: they are read by reflection from the pool's delegate,
 * and reported as not audited when that fails (another OkHttp version, or OkHttp on the module path).
 */
public final class OkHttpAudit {

    private static final int DEFAULT_TIMEOUT_MILLIS = 10_000;

    private OkHttpAudit() {
    }

    /** Audits each client, and whether they share one connection pool. */
    public static ClientAuditReport audit(OkHttpClient... clients) {
        Objects.requireNonNull(clients, "clients");
        if (clients.length == 0) {
            throw new IllegalArgumentException("no OkHttpClient to audit");
        }
        List<Finding> findings = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        Set<ConnectionPool> pools = Collections.newSetFromMap(new IdentityHashMap<>());
        for (int i = 0; i < clients.length; i++) {
            OkHttpClient client = Objects.requireNonNull(clients[i], "clients[" + i + "]");
            String name = clients.length == 1 ? "OkHttp" : "OkHttp client #" + (i + 1);
            if (pools.add(client.connectionPool())) {
                pool(name, client.connectionPool(), findings, notes);
            }
            timeouts(name, client, findings);
            if (!client.retryOnConnectionFailure()) {
                findings.add(new Finding(Severity.WARNING, name, "retryOnConnectionFailure", "false",
                        "a pooled connection the server closed while idle (CLOSE_WAIT here) fails the next call "
                                + "on it instead of being retried on a new connection",
                        "leave retryOnConnectionFailure(true), the default, and keep the pool's keep-alive below "
                                + "the server's idle timeout"));
            }
        }
        if (pools.size() > 1) {
            findings.add(new Finding(Severity.WARNING, "OkHttp (" + clients.length + " clients)", "connectionPool",
                    pools.size() + " distinct pools for " + clients.length + " clients",
                    "clients with their own pools never share connections: each opens its own to the same host and "
                            + "keeps its own idle ones, and a client built per use opens and closes a connection "
                            + "per call; " + TcpCosts.CHURN,
                    "build every client from one shared client with shared.newBuilder()...build(): clients built "
                            + "that way share its connection pool and dispatcher"));
        }
        return new ClientAuditReport(findings, notes);
    }

    private static void pool(String name, ConnectionPool pool, List<Finding> findings, List<String> notes) {
        Object delegate;
        int maxIdle;
        long keepAliveNanos;
        try {
            delegate = field(pool, "delegate");
            maxIdle = (Integer) field(delegate, "maxIdleConnections");
            keepAliveNanos = (Long) field(delegate, "keepAliveDurationNs");
        } catch (ReflectiveOperationException | RuntimeException e) {
            notes.add(name + ": the connection pool's size and keep-alive are not public in OkHttp and could not "
                    + "be read (" + e + "); they were not audited.");
            return;
        }
        if (maxIdle == 0) {
            findings.add(new Finding(Severity.CRITICAL, name, "connectionPool.maxIdleConnections", "0",
                    "no connection is kept after a call: every call opens a new connection and the client closes "
                            + "it; " + TcpCosts.CHURN,
                    "new ConnectionPool(5, 30, TimeUnit.SECONDS) or more idle connections, shared by every client"));
        }
        Duration keepAlive = Duration.ofNanos(keepAliveNanos);
        if (keepAlive.compareTo(Duration.ofSeconds(60)) > 0) {
            findings.add(new Finding(Severity.WARNING, name, "connectionPool.keepAliveDuration",
                    Durations.format(keepAlive) + (keepAlive.equals(Duration.ofMinutes(5)) ? " (the default)" : ""),
                    "an idle pooled connection is kept " + Durations.format(keepAlive) + "; " + TcpCosts.STALE
                            + " or is silently retried",
                    "new ConnectionPool(maxIdle, N, TimeUnit.SECONDS), N below the server's idle timeout"));
        }
    }

    private static void timeouts(String name, OkHttpClient client, List<Finding> findings) {
        if (client.callTimeoutMillis() == 0) {
            findings.add(new Finding(Severity.WARNING, name, "callTimeout", "0 (none, the default)",
                    "no deadline for the whole call: the read timeout restarts with every packet, so a server "
                            + "trickling bytes holds the call and its connection indefinitely",
                    "OkHttpClient.Builder.callTimeout(Duration.ofSeconds(30))"));
        }
        int[] values = {client.connectTimeoutMillis(), client.readTimeoutMillis(), client.writeTimeoutMillis()};
        String[] names = {"connectTimeout", "readTimeout", "writeTimeout"};
        boolean allDefault = true;
        for (int i = 0; i < values.length; i++) {
            allDefault &= values[i] == DEFAULT_TIMEOUT_MILLIS;
            if (values[i] == 0) {
                findings.add(new Finding(Severity.WARNING, name, names[i], "0 (none)",
                        "waits forever: a peer that stops answering holds the call and its connection until the "
                                + "JVM exits",
                        "OkHttpClient.Builder." + names[i] + "(Duration.ofSeconds(10)) or shorter"));
            }
        }
        if (allDefault) {
            findings.add(new Finding(Severity.INFO, name, "connectTimeout, readTimeout, writeTimeout",
                    "10 s each (the defaults)",
                    "timeouts left at defaults were not chosen for this server: a 10 s read timeout on a fast "
                            + "service lets a stuck server hold a connection and a thread per call for 10 s",
                    "set each from the server's measured latency, e.g. connectTimeout(1 s), readTimeout(2 s)"));
        }
    }

    private static Object field(Object target, String name) throws ReflectiveOperationException {
        Field field = target.getClass().getDeclaredField(name);
        field.setAccessible(true);
        return field.get(target);
    }
}
