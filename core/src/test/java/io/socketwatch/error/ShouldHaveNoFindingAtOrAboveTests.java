package io.socketwatch.error;

import static io.socketwatch.error.ShouldHaveNoFindingAtOrAbove.shouldHaveNoFindingAtOrAbove;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.presentation.StandardRepresentation.STANDARD_REPRESENTATION;

import io.socketwatch.audit.Finding;
import io.socketwatch.audit.Severity;
import java.util.List;
import org.assertj.core.description.TextDescription;
import org.junit.jupiter.api.Test;

class ShouldHaveNoFindingAtOrAboveTests {

    private static final Finding CRITICAL = new Finding(Severity.CRITICAL, "OkHttp",
            "connectionPool.maxIdleConnections", "0", "every call churns a connection", "keep idle connections");
    private static final Finding INFO = new Finding(Severity.INFO, "OkHttp", "readTimeout", "10 s (100% default)",
            "left at default", "set it");

    @Test
    void listsEachFindingWithWhyAndFixThenPointsToTheReportsNotesAndKeepsPercentSigns() {
        String message = shouldHaveNoFindingAtOrAbove(Severity.INFO, List.of(CRITICAL, INFO))
                .create(new TextDescription("Test"), STANDARD_REPRESENTATION);

        assertThat(message).isEqualTo("""
                [Test] \nExpecting client audit to have no finding at or above INFO, but it has 2 findings:
                  CRITICAL OkHttp connectionPool.maxIdleConnections = 0
                    why: every call churns a connection
                    fix: keep idle connections
                  INFO OkHttp readTimeout = 10 s (100% default)
                    why: left at default
                    fix: set it
                Print the report for its notes on what was not audited.""");
    }

    @Test
    void saysFindingForOne() {
        String message = shouldHaveNoFindingAtOrAbove(Severity.CRITICAL, List.of(CRITICAL))
                .create(new TextDescription("Test"), STANDARD_REPRESENTATION);

        assertThat(message).startsWith("[Test] \nExpecting client audit to have no finding at or above CRITICAL, but "
                + "it has 1 finding:\n  CRITICAL OkHttp");
    }
}
