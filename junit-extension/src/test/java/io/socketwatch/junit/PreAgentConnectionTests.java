package io.socketwatch.junit;

import static io.socketwatch.junit.testkit.SharedEchoServer.echoPort;
import static io.socketwatch.junit.testkit.SharedEchoServer.request;
import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.socketwatch.SocketWatcher;
import io.socketwatch.junit.testkit.SocketWatchTestKit;
import io.socketwatch.model.TcpConnection;
import io.socketwatch.model.TcpConnection.Origin;
import io.socketwatch.model.TcpConnection.Side;
import io.socketwatch.testing.ChildJvm;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.Socket;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.platform.engine.TestExecutionResult;

/**
 * Connections opened before the agent was installed, as a pool created in a static initialiser opens them when the
 * first watched test class installs the agent: adopted on their first read or write, they count for reuse in that very
 * window. Run in a fresh JVM, where the agent is not installed yet.
 */
@EnabledOnOs(OS.LINUX)
class PreAgentConnectionTests {

    @Nested
    @DisplayName("a connection opened before the agent was installed")
    class PreAgent {

        @Test
        void countsForReuseInTheFirstWindowThatUsesIt() throws Exception {
            ChildJvm.Result child = ChildJvm.run(SuiteWithAPoolOpenedBeforeTheAgent.class,
                    List.of("-XX:+EnableDynamicAgentLoading"));

            assertThat(child.exitCode()).as(child.toString()).isZero();
            Map<String, String> verdicts = verdicts(child.stdout());
            assertThat(verdicts).as(child.toString()).containsOnlyKeys("reusesAPooledConnection(SocketWatcher)",
                    "usesAPooledConnectionOnce(SocketWatcher)");
            assertThat(verdicts.get("reusesAPooledConnection(SocketWatcher)")).isEqualTo("passed");
            assertThat(verdicts.get("usesAPooledConnectionOnce(SocketWatcher)")).isEqualTo("""

                    Expecting socket activity to reuse connections to 127.0.0.1:<port> (at most 1 connection), but \
                    only 1 exchange went to it over 1 connection: reuse needs at least 2.
                      127.0.0.1:<port> -> 127.0.0.1:<port>  client  ESTABLISHED  age <age>  1 exchange  open  opened \
                    at unknown site
                          still open after 1 exchange
                    Check the host and port, or make the test send at least two requests.
                    """);
        }

        @Test
        void aHikariPoolCreatedInAStaticInitialiserCountsForReuseInTheFirstWatchedTest() throws Exception {
            ChildJvm.Result child = ChildJvm.run(SuiteWithAHikariPoolCreatedBeforeTheAgent.class,
                    List.of("-XX:+EnableDynamicAgentLoading"));

            assertThat(child.exitCode()).as(child.toString()).isZero();
            assertThat(verdicts(child.stdout())).as(child.toString())
                    .containsExactly(Map.entry("borrowsAndReturnsTenTimes(SocketWatcher)", "passed"));
        }

        /** Reads what the child printed: {@code == name} lines, each followed by its verdict's lines. */
        private static Map<String, String> verdicts(List<String> lines) {
            Map<String, String> verdicts = new LinkedHashMap<>();
            String test = null;
            for (String line : lines) {
                if (line.startsWith("== ")) {
                    test = line.substring(3);
                    verdicts.put(test, null);
                } else if (test != null) {
                    String before = verdicts.get(test);
                    verdicts.put(test, before == null ? line : before + "\n" + line);
                }
            }
            return verdicts;
        }
    }

    /** Opens the pool's connections before anything installs the agent, then runs the watched fixture. */
    static final class SuiteWithAPoolOpenedBeforeTheAgent {

        public static void main(String[] args) {
            Pool.FIRST.isConnected(); // initialises the pool, as a static initialiser of a test class would
            SocketWatchTestKit.run(PoolTestCases.class).testEvents().finished().stream().forEach(event -> {
                System.out.println("== " + event.getTestDescriptor().getDisplayName());
                System.out.println(event.getRequiredPayload(TestExecutionResult.class).getThrowable()
                        .map(failure -> SocketWatchTestKit.normalized(failure.getMessage()))
                        .orElse("passed"));
            });
        }
    }

    /** Two connections to the echo server, each validated by one request before the agent is installed. */
    static final class Pool {

        static final Socket FIRST = validated();
        static final Socket SECOND = validated();

        private Pool() {
        }

        private static Socket validated() {
            try {
                Socket socket = new Socket("127.0.0.1", echoPort());
                request(socket);
                return socket;
            } catch (IOException e) {
                throw new ExceptionInInitializerError(e);
            }
        }
    }

    @SocketWatch
    @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
    static class PoolTestCases {

        @Test
        @Order(1)
        void reusesAPooledConnection(SocketWatcher watcher) throws IOException {
            for (int query = 0; query < 3; query++) {
                request(Pool.FIRST);
            }
            watcher.assertConnectionReused("127.0.0.1", echoPort());
            assertThat(watcher.activity().connections())
                    .filteredOn(connection -> connection.side() == Side.CLIENT
                            && connection.remote().getPort() == echoPort())
                    .singleElement()
                    .satisfies(connection -> assertThat(connection.origin()).isEqualTo(Origin.BASELINE))
                    .extracting(TcpConnection::exchanges).isEqualTo(3);
        }

        @Test
        @Order(2)
        void usesAPooledConnectionOnce(SocketWatcher watcher) throws IOException {
            request(Pool.SECOND);
            watcher.assertConnectionReused("127.0.0.1", echoPort());
        }
    }

    /**
     * Creates a HikariCP pool on an embedded PostgreSQL in a static initialiser, before anything installs the agent
     * (its connections are opened and validated then), then runs the watched fixture.
     */
    static final class SuiteWithAHikariPoolCreatedBeforeTheAgent {

        public static void main(String[] args) throws Exception {
            try (EmbeddedPostgres postgres = EmbeddedPostgres.start()) {
                HikariPool.start(postgres);
                try {
                    SocketWatchTestKit.run(HikariPoolTestCases.class).testEvents().finished().stream()
                            .forEach(event -> {
                                System.out.println("== " + event.getTestDescriptor().getDisplayName());
                                System.out.println(event.getRequiredPayload(TestExecutionResult.class).getThrowable()
                                        .map(failure -> SocketWatchTestKit.normalized(failure.getMessage()))
                                        .orElse("passed"));
                            });
                } finally {
                    HikariPool.dataSource.close();
                }
            }
        }
    }

    /** The pool, as a test class's static field would hold it. */
    static final class HikariPool {

        static HikariDataSource dataSource;
        static int port;

        static void start(EmbeddedPostgres postgres) {
            HikariConfig config = new HikariConfig();
            config.setJdbcUrl(postgres.getJdbcUrl("postgres", "postgres"));
            config.setMaximumPoolSize(2);
            config.setMinimumIdle(2);
            dataSource = new HikariDataSource(config);
            port = postgres.getPort();
        }
    }

    @SocketWatch
    static class HikariPoolTestCases {

        @Test
        void borrowsAndReturnsTenTimes(SocketWatcher watcher) throws Exception {
            for (int query = 0; query < 10; query++) {
                try (Connection connection = HikariPool.dataSource.getConnection();
                     Statement statement = connection.createStatement();
                     ResultSet result = statement.executeQuery("select 1")) {
                    assertThat(result.next()).isTrue();
                }
            }
            watcher.assertConnectionReused("127.0.0.1", HikariPool.port);
            assertThat(watcher.activity().connections())
                    .filteredOn(connection -> connection.side() == Side.CLIENT
                            && connection.remote().getPort() == HikariPool.port)
                    .allSatisfy(connection -> assertThat(connection.origin()).isEqualTo(Origin.BASELINE))
                    .extracting(TcpConnection::exchanges).map(Integer.class::cast)
                    .satisfies(exchanges -> assertThat(exchanges.stream().mapToInt(Integer::intValue).sum())
                            .isGreaterThanOrEqualTo(10));
        }
    }
}
