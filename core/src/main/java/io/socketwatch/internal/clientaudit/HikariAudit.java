package io.socketwatch.internal.clientaudit;

import com.zaxxer.hikari.HikariDataSource;
import io.socketwatch.audit.ClientAuditReport;
import io.socketwatch.audit.Finding;
import io.socketwatch.audit.Severity;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Audits a HikariCP pool, and for PostgreSQL the server's idle limits. References HikariCP: loaded only when a user
 * passes a {@link HikariDataSource}.
 */
public final class HikariAudit {

    private HikariAudit() {
    }

    /**
     * Audits {@code dataSource}. If its pool is running, borrows one connection to read the server's limits; a pool
     * that is not started is not started by the audit.
     */
    public static ClientAuditReport audit(HikariDataSource dataSource) {
        Objects.requireNonNull(dataSource, "dataSource");
        String name = "HikariCP pool " + dataSource.getPoolName();
        List<Finding> findings = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        PostgresFacts server = readServer(dataSource, name, notes);

        int max = dataSource.getMaximumPoolSize();
        int minIdle = dataSource.getMinimumIdle();
        if (minIdle >= 0 && minIdle < max) {
            findings.add(new Finding(Severity.WARNING, name, "minimumIdle", minIdle + " (maximumPoolSize " + max + ")",
                    "connections above minimumIdle are closed after idleTimeout (" + Durations.millis(
                            dataSource.getIdleTimeout()) + ") and opened again at the next burst: the pool churns "
                            + "connections, each a TCP and authentication handshake and a TIME_WAIT on one host",
                    "leave minimumIdle unset so that it equals maximumPoolSize (a fixed-size pool, as HikariCP "
                            + "recommends)"));
        }
        if (server != null && max > server.maxConnections()) {
            findings.add(new Finding(Severity.CRITICAL, name, "maximumPoolSize",
                    max + " (server max_connections " + server.maxConnections() + ")",
                    "the pool asks for more connections than the server accepts: under load connects fail with "
                            + "\"too many clients\" and the pool retries them",
                    "setMaximumPoolSize(N) with N times the number of application instances below max_connections"));
        }
        if (server != null && !server.idleSessionTimeout().isZero()) {
            Duration idle = longestIdle(dataSource);
            if (idle.compareTo(server.idleSessionTimeout()) >= 0) {
                findings.add(new Finding(Severity.WARNING, name, "maxLifetime",
                        Durations.millis(dataSource.getMaxLifetime()) + ", keepaliveTime "
                                + (dataSource.getKeepaliveTime() == 0 ? "0 (off)"
                                : Durations.millis(dataSource.getKeepaliveTime()))
                                + "; server " + server.describe(),
                        "a pooled connection may sit idle " + Durations.format(idle) + " but PostgreSQL closes "
                                + "sessions idle " + Durations.format(server.idleSessionTimeout())
                                + ": the server closes first, the pool's socket sits in CLOSE_WAIT, and the next "
                                + "borrow finds it dead and connects again",
                        "setKeepaliveTime(N) or setMaxLifetime(N) with N a few seconds below idle_session_timeout "
                                + "(" + Durations.format(server.idleSessionTimeout()) + "), or raise the server's"));
            }
        }
        if (dataSource.getLeakDetectionThreshold() == 0) {
            findings.add(new Finding(Severity.INFO, name, "leakDetectionThreshold", "0 (off, the default)",
                    "a connection borrowed and never closed holds a pool slot and an open TCP connection with no "
                            + "log line, until the pool is exhausted and getConnection times out",
                    "setLeakDetectionThreshold(N), N above the longest legitimate borrow (e.g. 2x the slowest "
                            + "transaction)"));
        }
        if (dataSource.getConnectionTimeout() > 10_000) {
            findings.add(new Finding(Severity.INFO, name, "connectionTimeout",
                    Durations.millis(dataSource.getConnectionTimeout())
                            + (dataSource.getConnectionTimeout() == 30_000 ? " (the default)" : ""),
                    "when the pool is exhausted each caller waits this long before failing: requests pile up holding "
                            + "threads and their own client connections",
                    "setConnectionTimeout(N), N a few seconds, and size the pool for the load"));
        }
        return new ClientAuditReport(findings, notes);
    }

    /** The longest a connection may stay idle in the pool before HikariCP touches or retires it. */
    private static Duration longestIdle(HikariDataSource dataSource) {
        long idle = dataSource.getMaxLifetime() > 0 ? dataSource.getMaxLifetime() : Long.MAX_VALUE;
        if (dataSource.getKeepaliveTime() > 0) {
            idle = Math.min(idle, dataSource.getKeepaliveTime());
        }
        if (dataSource.getMinimumIdle() < dataSource.getMaximumPoolSize() && dataSource.getIdleTimeout() > 0) {
            idle = Math.min(idle, dataSource.getIdleTimeout());
        }
        return Duration.ofMillis(idle);
    }

    private static PostgresFacts readServer(HikariDataSource dataSource, String name, List<String> notes) {
        if (!dataSource.isRunning()) {
            notes.add(name + ": the pool is not running, so the database's idle limits were not read.");
            return null;
        }
        try (Connection connection = dataSource.getConnection()) {
            String product = connection.getMetaData().getDatabaseProductName();
            if (!"PostgreSQL".equals(product)) {
                notes.add(name + ": the database is " + product + ", not PostgreSQL; its idle limits were not read.");
                return null;
            }
            PostgresFacts facts = PostgresFacts.read(connection);
            notes.add(name + ": server " + facts.describe() + ".");
            return facts;
        } catch (SQLException | RuntimeException e) {
            notes.add(name + ": the database's idle limits could not be read (" + e + ").");
            return null;
        }
    }
}
