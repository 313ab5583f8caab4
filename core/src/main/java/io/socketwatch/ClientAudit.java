package io.socketwatch;

import io.socketwatch.audit.ClientAuditReport;
import io.socketwatch.internal.clientaudit.ApacheHttpClientAudit;
import io.socketwatch.internal.clientaudit.HikariAudit;
import io.socketwatch.internal.clientaudit.HttpUrlConnectionAudit;
import io.socketwatch.internal.clientaudit.JdkHttpClientAudit;
import io.socketwatch.internal.clientaudit.NetProperties;
import io.socketwatch.internal.clientaudit.OkHttpAudit;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.util.Objects;

/**
 * Audits how an HTTP client or a JDBC pool is configured and tells, with reasons in TCP terms, what will go wrong
 * under load. Each method reads the client's settings and returns a {@link ClientAuditReport}; none sends a request.
 *
 * <pre>{@code
 * assertThat(ClientAudit.okHttp(client)).hasNoFindingAtOrAbove(Severity.WARNING);
 * }</pre>
 *
 * <p>Each library has its own method name, not an overload of one name: javac resolves a call among overloads only,
 * so a user without OkHttp, Apache HttpClient or HikariCP compiles and runs {@link #jdkHttpClient(HttpClient)}
 * without them. NetProperties read from system properties ({@link #httpUrlConnection()}, the {@code jdk.httpclient.*}
 * ones) are what is set now; the JDK reads them once, at first use.
 */
public final class ClientAudit {

    private ClientAudit() {
    }

    /**
     * Audits OkHttp clients: each one's pool size and keep-alive, timeouts and {@code retryOnConnectionFailure}, and,
     * given several, whether they share one connection pool (clients built with {@code newBuilder()} do).
     * OkHttp does not expose the pool's size and keep-alive: they are read by reflection, and the report's notes say
     * so when that fails.
     *
     * @throws IllegalArgumentException if no client is given
     */
    public static ClientAuditReport okHttp(okhttp3.OkHttpClient... clients) {
        return OkHttpAudit.audit(clients);
    }

    /**
     * Audits a JDK {@code HttpClient}: its connect timeout and the {@code jdk.httpclient.keepalive.timeout} and
     * {@code jdk.httpclient.connectionPoolSize} settings. The request timeout is per request and the client cannot
     * tell it: the report's notes say so; use {@link #jdkHttpClient(HttpClient, HttpRequest)} to audit it.
     */
    public static ClientAuditReport jdkHttpClient(HttpClient client) {
        Objects.requireNonNull(client, "client");
        return JdkHttpClientAudit.audit(client, null, NetProperties.system(), Runtime.version().feature());
    }

    /** Audits a JDK {@code HttpClient} as {@link #jdkHttpClient(HttpClient)} does, and one of its requests' timeout. */
    public static ClientAuditReport jdkHttpClient(HttpClient client, HttpRequest request) {
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(request, "request");
        return JdkHttpClientAudit.audit(client, request, NetProperties.system(), Runtime.version().feature());
    }

    /**
     * Audits an Apache HttpClient 5 classic connection manager: max total and max per route. The manager does not
     * expose its {@code ConnectionConfig}, and the client's idle and expired eviction sit in the
     * {@code CloseableHttpClient}'s private state: rather than reflect into internals, this audit reads the manager
     * only and its notes name what it could not see. Use
     * {@link #apacheHttpClient(org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager,
     * org.apache.hc.client5.http.config.ConnectionConfig)} to audit the connection config too.
     */
    public static ClientAuditReport apacheHttpClient(
            org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager manager) {
        return ApacheHttpClientAudit.audit(manager, null);
    }

    /**
     * Audits an Apache HttpClient 5 classic connection manager and the {@code ConnectionConfig} it was given
     * ({@code setDefaultConnectionConfig}): pool sizes, validate-after-inactivity and time-to-live.
     */
    public static ClientAuditReport apacheHttpClient(
            org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager manager,
            org.apache.hc.client5.http.config.ConnectionConfig config) {
        Objects.requireNonNull(config, "config");
        return ApacheHttpClientAudit.audit(manager, config);
    }

    /** Audits {@code java.net.HttpURLConnection}'s system-wide settings: {@code http.keepAlive}, {@code http.maxConnections}. */
    public static ClientAuditReport httpUrlConnection() {
        return HttpUrlConnectionAudit.audit(NetProperties.system());
    }

    /**
     * Audits a HikariCP pool: its size against a fixed-size pool, {@code maxLifetime} and {@code keepaliveTime}
     * against the database's idle timeout, {@code leakDetectionThreshold} and {@code connectionTimeout}. If the pool
     * is running and the database is PostgreSQL, borrows one connection to read {@code SHOW idle_session_timeout},
     * {@code tcp_keepalives_idle} and {@code max_connections}, and the report's notes give what it read; a pool not
     * yet started is not started.
     */
    public static ClientAuditReport hikari(com.zaxxer.hikari.HikariDataSource dataSource) {
        return HikariAudit.audit(dataSource);
    }
}
