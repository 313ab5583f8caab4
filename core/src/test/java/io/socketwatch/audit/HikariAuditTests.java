package io.socketwatch.audit;

import static io.socketwatch.SocketAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.socketwatch.ClientAudit;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/** HikariCP against a real PostgreSQL, started once for the class. */
@EnabledOnOs(OS.LINUX)
class HikariAuditTests {

    private static EmbeddedPostgres postgres;

    @BeforeAll
    static void startPostgres() throws Exception {
        postgres = EmbeddedPostgres.builder().start();
    }

    @AfterAll
    static void stopPostgres() throws Exception {
        postgres.close();
    }

    private static HikariDataSource pool(Consumer<HikariConfig> settings) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(postgres.getJdbcUrl("postgres", "postgres"));
        config.setPoolName("orders");
        config.setMaximumPoolSize(4);
        config.setLeakDetectionThreshold(60_000);
        config.setConnectionTimeout(5_000);
        settings.accept(config);
        return new HikariDataSource(config);
    }

    @Test
    void aWellConfiguredPoolHasNoFindingAndNamesWhatItReadFromTheServer() {
        try (HikariDataSource pool = pool(config -> { })) {
            ClientAuditReport report = ClientAudit.hikari(pool);
            assertThat(report).hasNoFindings();
            assertThat(report.notes()).containsExactly("HikariCP pool orders: server idle_session_timeout 0 (off), "
                    + "tcp_keepalives_idle 2 h, max_connections 300 (read from the server with SHOW "
                    + "idle_session_timeout, SHOW tcp_keepalives_idle, SHOW max_connections).");
        }
    }

    @Test
    void theDefaultsAreFlaggedForLeakDetectionAndConnectionTimeout() {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(postgres.getJdbcUrl("postgres", "postgres"));
        try (HikariDataSource pool = new HikariDataSource(config)) {
            ClientAuditReport report = ClientAudit.hikari(pool);
            assertThat(Findings.settings(report)).containsExactly("leakDetectionThreshold", "connectionTimeout");
            assertThat(Findings.only(report, "connectionTimeout").value()).isEqualTo("30 s (the default)");
        }
    }

    @Test
    void idleConnectionsOutlivingTheServersIdleTimeoutAreFlagged() {
        try (HikariDataSource pool = pool(config -> {
            config.addDataSourceProperty("options", "-c idle_session_timeout=60s");
            config.setKeepaliveTime(0);
        })) {
            Finding finding = Findings.only(ClientAudit.hikari(pool), "maxLifetime");
            assertThat(finding.severity()).isEqualTo(Severity.WARNING);
            assertThat(finding.value()).startsWith("30 min, keepaliveTime 0 (off); server idle_session_timeout 1 min,");
            assertThat(finding.why()).contains("CLOSE_WAIT");
        }
    }

    @Test
    void aKeepaliveBelowTheServersIdleTimeoutKeepsConnectionsAlive() {
        try (HikariDataSource pool = pool(config -> {
            config.addDataSourceProperty("options", "-c idle_session_timeout=60s");
            config.setKeepaliveTime(30_000);
        })) {
            assertThat(ClientAudit.hikari(pool)).hasNoFindings();
        }
    }

    @Test
    void aShrinkingPoolIsFlagged() {
        try (HikariDataSource pool = pool(config -> config.setMinimumIdle(1))) {
            assertThat(Findings.only(ClientAudit.hikari(pool), "minimumIdle").value()).isEqualTo("1 (maximumPoolSize 4)");
        }
    }

    @Test
    void aPoolLargerThanTheServerAcceptsIsCritical() {
        try (HikariDataSource pool = pool(config -> {
            config.setMaximumPoolSize(350);
            config.setMinimumIdle(1);
        })) {
            assertThat(Findings.only(ClientAudit.hikari(pool), "maximumPoolSize").severity())
                    .isEqualTo(Severity.CRITICAL);
        }
    }

    @Test
    void aPoolNotStartedIsNotStartedByTheAudit() {
        try (HikariDataSource pool = new HikariDataSource()) {
            pool.setJdbcUrl(postgres.getJdbcUrl("postgres", "postgres"));
            pool.setPoolName("lazy");
            ClientAuditReport report = ClientAudit.hikari(pool);
            assertThat(report.notes()).containsExactly(
                    "HikariCP pool lazy: the pool is not running, so the database's idle limits were not read.");
            assertThat(pool.isRunning()).isFalse();
        }
    }
}
