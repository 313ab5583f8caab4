package io.socketwatch.examples;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/**
 * Runs each example class through the JUnit Platform, as a user's build would, and checks that its clean tests pass
 * and that socketwatch fails each faulty one with the message a user needs: the state, the endpoint, where the
 * connection was opened, and the fix.
 */
@EnabledOnOs(OS.LINUX)
class ExamplesTests {

    static final String CHURN = "and left in TIME_WAIT:";
    static final String CHURN_FIX = "Fix: reuse connections: share one client (one connection pool) instead of one "
            + "per request";
    static final String REUSE_FIX = "Fix: share one client with a connection pool, read each response to the end and "
            + "close it";
    static final String LEAK_FIX = "Fix: close every socket, response body and JDBC connection you open";

    @Nested
    @DisplayName("OkHttp")
    class OkHttp {

        @Test
        @DisplayName("passes a shared client and fails a client per request and unclosed responses")
        void okHttp() {
            ExampleRun run = ExampleRun.of(OkHttpExample.class)
                    .ranExactly("sharedClientReusesOneConnection", "newClientPerRequestChurnsConnections",
                            "unclosedResponsesDefeatThePool")
                    .passed("sharedClientReusesOneConnection");
            // OkHttp 5 connects on its own thread: socketwatch does not know the opening site (a gap, see the report)
            assertThat(run.failedWithSocketwatchMessage("newClientPerRequestChurnsConnections"))
                    .contains("3 connections were closed, replaced by a new connection to the same endpoint, "
                            + CHURN)
                    .containsPattern("-> 127\\.0\\.0\\.1:\\d+  client  TIME_WAIT ")
                    .contains("closed first by this JVM")
                    .contains(CHURN_FIX);
            assertThat(run.failedWithSocketwatchMessage("unclosedResponsesDefeatThePool"))
                    .containsPattern("reuse connections to 127\\.0\\.0\\.1:\\d+ \\(at most 1 connection\\), but 4 "
                            + "exchanges went over 4 connections:")
                    .contains("client  ESTABLISHED", "still open after 1 exchange")
                    .contains(REUSE_FIX);
        }
    }
}
