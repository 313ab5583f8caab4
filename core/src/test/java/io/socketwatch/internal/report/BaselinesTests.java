package io.socketwatch.internal.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.socketwatch.report.KnownFailure;
import io.socketwatch.report.WatchedTest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BaselinesTests {

    private static final KnownFailure CHURN = new KnownFailure("com.acme.OrderClientTest", "fetches",
            "leave no TIME_WAIT behind from connection churn", "OrderClient.java:42");
    private static final KnownFailure LEAK = new KnownFailure("com.acme.Other", "leaks", "leak no connection",
            "OrderClient.java:41");

    @TempDir
    Path dir;

    @Test
    void listsEachFailureOfAReportDirectoryOncePerLineInAStableOrderAndReadsThemBack() throws IOException {
        ReportDirectory reports = new ReportDirectory(dir);
        reports.write(new ReportFile("b", "t", 0, List.of(ReportEntries.of(Reports.leaking("com.acme.Other", "l()")),
                ReportEntries.of(Reports.churning("f()")), ReportEntries.of(Reports.reusing("r()"))), List.of()));
        reports.write(new ReportFile("a", "t", 0, List.of(ReportEntries.of(Reports.churning("f()"))), List.of()));
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        int status = BaselineCommand.run(List.of(dir.toString()), new PrintStream(out, true, StandardCharsets.UTF_8),
                System.err);

        assertThat(status).isZero();
        String baseline = out.toString(StandardCharsets.UTF_8);
        assertThat(baseline).isEqualTo("""
                {"format":"socketwatch-baseline","version":1,"knownFailures":[
                {"class":"com.acme.OrderClientTest","method":"fetches","check":"leave no TIME_WAIT behind from \
                connection churn","site":"OrderClient.java:42"},
                {"class":"com.acme.Other","method":"leaks","check":"leak no connection","site":"OrderClient.java:41"}
                ]}
                """);
        Path file = Files.writeString(dir.resolve("socketwatch-baseline.json"), baseline);
        assertThat(BuildReports.readBaseline(file)).containsExactly(CHURN, LEAK);
    }

    @Test
    void leavesOutWhatTheLooksAtTheEndOfAClassOrTheRunFound() {
        WatchedTest leak = Reports.leaking("com.acme.Other", "l()");
        WatchedTest leftOpen = new WatchedTest("com.acme.Other", "leftOpen", "leftOpen()",
                WatchedTest.Outcome.SUCCESSFUL, leak.activity(), List.of(), List.of())
                .withLaterFailures(leak.failures());

        String baseline = Baselines.write(List.of(new ReportFile("c", "t", 0,
                List.of(ReportEntries.of(leak), ReportEntries.of(leftOpen)), List.of())));

        assertThat(baseline).contains("\"method\":\"leaks\"").doesNotContain("leftOpen");
    }

    @Test
    void aFailureIsKnownByItsTestItsCheckAndItsOpeningSite() {
        WatchedTest churn = Reports.churning("fetches()");

        assertThat(Baselines.of(churn.className(), churn.methodName(), churn.failures().get(0))).isEqualTo(CHURN);
    }

    @Test
    void aMalformedBaselineIsNamedWithTheLineAndColumn() throws IOException {
        Path file = Files.writeString(dir.resolve("baseline.json"), """
                {"format":"socketwatch-baseline","version":1,"knownFailures":[
                {"class":"com.acme.Other","method":"leaks" "check":"leak no connection","site":"A.java:1"}
                ]}
                """);

        assertThatThrownBy(() -> BuildReports.readBaseline(file)).isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessage(file + ": line 2, column 44: expected ',' or '}'");
    }

    @Test
    void aBaselineOfAnotherFormatOrWithAnIncompleteEntryIsRefused() throws IOException {
        Path other = Files.writeString(dir.resolve("other.json"), "{\"format\":\"socketwatch-report\"}");
        Path incomplete = Files.writeString(dir.resolve("incomplete.json"),
                "{\"format\":\"socketwatch-baseline\",\"version\":1,\"knownFailures\":[{\"class\":\"C\"}]}");

        assertThatThrownBy(() -> BuildReports.readBaseline(other))
                .hasMessage(other + ": not a socketwatch baseline: \"format\" is not \"socketwatch-baseline\"");
        assertThatThrownBy(() -> BuildReports.readBaseline(incomplete))
                .hasMessage(incomplete + ": knownFailures[0]: \"method\" is missing or not a string");
    }

    @Test
    void theSummaryTellsKnownFailuresApartAndListsTheFixedOnes() {
        WatchedTest leak = Reports.leaking("com.acme.Other", "leaks()");
        WatchedTest knownLeak = new WatchedTest(leak.className(), leak.methodName(), leak.displayName(),
                WatchedTest.Outcome.SUCCESSFUL, leak.activity(), List.of(), leak.failures());

        assertThat(ConsoleSummary.lines(List.of(ReportEntries.of(Reports.churning("f()")), ReportEntries.of(knownLeak)),
                List.of(new KnownFailure("com.acme.Gone", "m", "leak no connection", "Gone.java:7")), null))
                .containsExactly(
                        "socketwatch: 2 tests watched, 1 failed; 2 connections opened, 0 reused, 2 left in TIME_WAIT",
                        "  1 test: expected to leave no TIME_WAIT behind from connection churn, opened at "
                                + "OrderClient.java:42",
                        "  1 test: expected to leak no connection, opened at OrderClient.java:41 (known: in the "
                                + "baseline)",
                        "  fixed, remove from the baseline: Gone.m: expected to leak no connection, opened at "
                                + "Gone.java:7");
    }
}
