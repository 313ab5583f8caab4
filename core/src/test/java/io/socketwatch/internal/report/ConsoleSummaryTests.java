package io.socketwatch.internal.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.socketwatch.report.WatchedTest;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConsoleSummaryTests {

    private static final Path REPORT = Path.of("/build/target/socketwatch/index.html");

    @Test
    void countsTheBuildThenGroupsFailuresByCauseMostTestsFirstThenNamesTheReport() {
        List<ReportedTest> tests = new ArrayList<>();
        tests.add(ReportEntries.of(Reports.churning("fetches()")));
        tests.add(ReportEntries.of(Reports.reusing("reuses()")));
        for (int i = 0; i < 3; i++) {
            tests.add(ReportEntries.of(Reports.leaking("com.acme.T" + i, "leaks()")));
        }

        assertThat(ConsoleSummary.lines(tests, List.of(), REPORT)).containsExactly(
                "socketwatch: 5 tests watched, 4 failed; 3 connections opened, 1 reused, 2 left in TIME_WAIT",
                "  3 tests: expected to leak no connection, opened at OrderClient.java:41",
                "  1 test: expected to leave no TIME_WAIT behind from connection churn, opened at OrderClient.java:42",
                "socketwatch report: /build/target/socketwatch/index.html");
    }

    @Test
    void neverPassesTenLines() {
        List<ReportedTest> tests = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            ReportedTest leak = ReportEntries.of(Reports.leaking("com.acme.T", "leaks()"));
            ReportedTest.Verdict verdict = leak.verdicts().get(0);
            tests.add(new ReportedTest(leak.className(), leak.methodName(), leak.displayName(), leak.outcome(),
                    leak.durationMs(), leak.totals(), leak.connections(), 0, leak.resources(),
                    List.of(new ReportedTest.Verdict(verdict.check(), "Site" + i + ".java:1", verdict.message(),
                            false)),
                    leak.notes()));
        }

        List<String> lines = ConsoleSummary.lines(tests, List.of(), REPORT);

        assertThat(lines).hasSize(10);
        assertThat(lines.get(8)).isEqualTo("  ... and 5 more, in the report");
        assertThat(ConsoleSummary.lines(tests, List.of(), null)).hasSize(10).last()
                .isEqualTo("  ... and 4 more, in the report");
    }

    @Test
    void aBuildWithoutFailuresIsOneLineAndThePath() {
        assertThat(ConsoleSummary.lines(List.of(ReportEntries.of(Reports.reusing("r"))), List.of(), REPORT))
                .containsExactly(
                "socketwatch: 1 test watched, 0 failed; 1 connection opened, 1 reused, 0 left in TIME_WAIT",
                "socketwatch report: /build/target/socketwatch/index.html");
    }

    @Test
    void aCheckWhoseMessageNamesNoSiteIsGroupedUnderUnknownSite() {
        ReportedTest.Verdict verdict = Causes.verdict("\nExpecting socket activity to open at most 1 connection to "
                + "127.0.0.1:8080, but it opened 2");

        assertThat(verdict.check()).isEqualTo("open at most 1 connection to 127.0.0.1:8080");
        assertThat(verdict.site()).isEqualTo("unknown site");
        assertThat(WatchedTest.Outcome.values()).hasSize(3);
    }
}
