package io.socketwatch.audit;

import static io.socketwatch.SocketAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ClientAuditAssertTests {

    private static final Finding CRITICAL = new Finding(Severity.CRITICAL, "OkHttp",
            "connectionPool.maxIdleConnections", "0", "every call churns a connection", "keep idle connections");
    private static final Finding INFO = new Finding(Severity.INFO, "OkHttp", "readTimeout", "10 s (100% default)",
            "left at default", "set it");

    @Test
    void passesWhenNothingIsAtOrAboveTheSeverity() {
        assertThat(new ClientAuditReport(List.of(INFO), List.of())).hasNoFindingAtOrAbove(Severity.WARNING);
        assertThat(new ClientAuditReport(List.of(), List.of())).hasNoFindings();
    }

    @Test
    void failsListingEachFindingWithWhyAndFix() {
        ClientAuditReport report = new ClientAuditReport(List.of(INFO, CRITICAL), List.of());
        assertThatThrownBy(() -> assertThat(report).hasNoFindingAtOrAbove(Severity.INFO))
                .isInstanceOf(AssertionError.class)
                .hasMessageStartingWith("""

                        Expecting client audit to have no finding at or above INFO, but it has 2 findings:
                          CRITICAL OkHttp connectionPool.maxIdleConnections = 0
                            why: every call churns a connection
                            fix: keep idle connections
                          INFO OkHttp readTimeout = 10 s (100% default)
                            why: left at default
                            fix: set it
                        """);
        assertThatThrownBy(() -> assertThat(report).as("orders client").hasNoFindingAtOrAbove(Severity.CRITICAL))
                .hasMessageStartingWith("[orders client] \nExpecting client audit to have no finding at or above "
                        + "CRITICAL, but it has 1 finding:\n");
    }

    @Test
    void rendersTheReportAsText() {
        ClientAuditReport report = new ClientAuditReport(List.of(INFO, CRITICAL), List.of("a note."));
        assertThat(report.toString()).isEqualTo("""
                socketwatch client audit: 2 findings (1 CRITICAL, 1 INFO)

                CRITICAL OkHttp  connectionPool.maxIdleConnections = 0
                  why: every call churns a connection
                  fix: keep idle connections

                INFO     OkHttp  readTimeout = 10 s (100% default)
                  why: left at default
                  fix: set it

                notes
                  a note.
                """);
        assertThat(new ClientAuditReport(List.of(), List.of()).toString())
                .isEqualTo("socketwatch client audit: no findings\n");
    }

    @Test
    void findingsValidateTheirParts() {
        assertThatThrownBy(() -> new Finding(Severity.INFO, "OkHttp", " ", "0", "why", "fix"))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("setting is blank");
    }
}
