package io.socketwatch.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.socketwatch.SocketWatcher;
import io.socketwatch.examples.app.DriverManagerDataSource;
import io.socketwatch.examples.app.UserRepository;
import io.socketwatch.junit.SocketWatch;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/** JDBC on a real (embedded) PostgreSQL: a HikariCP pool versus a connection per query, and a connection never closed. */
@SocketWatch
@DisplayName("JDBC on PostgreSQL")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
public class JdbcExample {

    private static final int QUERIES = 10;
    private static final int POOL_SIZE = 2;

    private static EmbeddedPostgres postgres;
    private static HikariDataSource pool;

    @BeforeAll
    static void startDatabase() throws Exception {
        postgres = EmbeddedPostgres.start();
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(jdbcUrl());
        config.setUsername("postgres");
        config.setMaximumPoolSize(POOL_SIZE);
        pool = new HikariDataSource(config);
        new UserRepository(pool).createSchema();
    }

    @AfterAll
    static void stopDatabase() throws Exception {
        pool.close();
        postgres.close();
    }

    @Test
    @Order(1)
    @Tag("clean")
    @DisplayName("a HikariCP pool serves every query over its few connections")
    void poolReusesConnections(SocketWatcher watcher) throws Exception {
        UserRepository users = new UserRepository(pool);
        for (int query = 0; query < QUERIES; query++) {
            assertEquals(Optional.of("ada"), users.findName(1));
        }
        // at most the pool's maximum size (2): socketwatch reads it from the HikariCP pool the queries borrowed from
        watcher.assertConnectionReused("localhost", postgres.getPort());
    }

    @Test
    @Order(2)
    @Tag("faulty")
    @DisplayName("DriverManager.getConnection per query churns connections into TIME_WAIT")
    void connectionPerQueryChurnsConnections() throws Exception {
        UserRepository users = new UserRepository(new DriverManagerDataSource(jdbcUrl(), "postgres", ""));
        for (int query = 0; query < QUERIES; query++) {
            assertEquals(Optional.of("ada"), users.findName(1));
        }
    }

    @Test
    @Order(3)
    @Tag("faulty")
    @DisplayName("a connection borrowed from the pool and never closed is never returned")
    void connectionNeverClosedLeaks() throws Exception {
        assertEquals(3, new UserRepository(pool).countUsersLeakingTheConnection());
    }

    @AfterAll
    static void returnLeakedConnections() {
        pool.getHikariPoolMXBean().softEvictConnections();
    }

    private static String jdbcUrl() {
        return postgres.getJdbcUrl("postgres", "postgres");
    }
}
