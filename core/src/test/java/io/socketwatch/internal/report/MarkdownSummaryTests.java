package io.socketwatch.internal.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.socketwatch.report.KnownFailure;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MarkdownSummaryTests {

    @Test
    void tabulatesTheCausesEscapingMarkdownAndListsTheFixedEntries() {
        ReportedTest churn = ReportEntries.of(Reports.churning("f()"));

        assertThat(MarkdownSummary.of(List.of(churn, withSite(churn, "A|B_c.java:1")),
                List.of(new KnownFailure("com.acme.Gone", "m", "leak no connection", "Gone.java:7")),
                Path.of("/build/target/socketwatch/index.html"))).isEqualTo("""
                ### socketwatch

                2 tests watched, 2 failed; 4 connections opened, 0 reused, 4 left in TIME_WAIT.

                | tests | expected to | opened at |
                |---:|---|---|
                | 1 | leave no TIME\\_WAIT behind from connection churn | OrderClient.java:42 |
                | 1 | leave no TIME\\_WAIT behind from connection churn | A\\|B\\_c.java:1 |

                Fixed, remove from the baseline:

                - Gone.m: expected to leak no connection, opened at Gone.java:7

                Report: /build/target/socketwatch/index.html
                """);
    }

    @Test
    void keepsAtMostTwentyCauses() {
        ReportedTest churn = ReportEntries.of(Reports.churning("f()"));
        List<ReportedTest> tests = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            tests.add(withSite(churn, "S" + i + ".java:1"));
        }

        String markdown = MarkdownSummary.of(tests, List.of(), null);

        assertThat(markdown.lines().filter(line -> line.startsWith("| 1 |"))).hasSize(20);
        assertThat(markdown).endsWith("\n... and 5 more causes, in the report.\n");
    }

    private static ReportedTest withSite(ReportedTest test, String site) {
        ReportedTest.Verdict verdict = test.verdicts().get(0);
        return new ReportedTest(test.className(), test.methodName(), test.displayName(), test.outcome(),
                test.durationMs(), test.totals(), test.connections(), 0, test.resources(),
                List.of(new ReportedTest.Verdict(verdict.check(), site, verdict.message(), false)), test.notes());
    }
}
