package io.socketwatch.internal.report;

import static io.socketwatch.testing.Activities.START;
import static io.socketwatch.testing.Activities.activity;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.socketwatch.model.SocketActivity;
import io.socketwatch.model.TcpConnection.ClosedFirst;
import io.socketwatch.model.TcpState;
import io.socketwatch.report.KnownFailure;
import io.socketwatch.report.WatchedTest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReportJsonTests {

    @Test
    void aTestKeepsItsConnectionsTimesFromItsStartResourcesVerdictsAndNotes() {
        ReportedTest churn = ReportEntries.of(Reports.churning("fetches()"));

        assertThat(churn.outcome()).isEqualTo("FAILED");
        assertThat(churn.durationMs()).isEqualTo(12.0);
        assertThat(churn.totals()).isEqualTo(new ReportedTest.Totals(2, 0, 2));
        assertThat(churn.connections()).first().isEqualTo(new ReportedTest.Connection("127.0.0.1:50001",
                "127.0.0.1:8080", "client", "WINDOW", 1.0, 5.0, 1, "THIS_JVM", "TIME_WAIT", false,
                "com.acme.OrderClient.fetch(OrderClient.java:42)", "OrderClient.java:42"));
        assertThat(churn.verdicts()).singleElement().satisfies(verdict -> {
            assertThat(verdict.check()).isEqualTo("leave no TIME_WAIT behind from connection churn");
            assertThat(verdict.site()).isEqualTo("OrderClient.java:42");
            assertThat(verdict.message()).isEqualTo(Reports.churning("fetches()").failures().get(0));
        });
        ReportedTest reuse = ReportEntries.of(Reports.reusing("reuses()"));
        assertThat(reuse.connections()).singleElement().satisfies(open -> assertThat(open.isClosed()).isFalse());
        assertThat(reuse.resources()).containsExactly(new ReportedTest.Resource("OkHttp call",
                "http://127.0.0.1:8080/orders", "com.acme.OrderClient.fetch(OrderClient.java:42)", 2.0, true));
        assertThat(reuse.notes()).containsExactly("a <note> & more");
        assertThat(reuse.totals()).isEqualTo(new ReportedTest.Totals(1, 1, 0));
    }

    @Test
    void readsBackWhatItWrites() {
        WatchedTest leak = Reports.leaking("com.acme.Other", "leaks()");
        WatchedTest knownLeak = new WatchedTest(leak.className(), leak.methodName(), leak.displayName(),
                WatchedTest.Outcome.SUCCESSFUL, leak.activity(), List.of(), leak.failures());
        ReportFile file = new ReportFile("1-2-3", "2026-12-02T16:00:00Z", 28232, List.of(
                ReportEntries.of(Reports.churning("fetches() \"quoted\" <b>")), ReportEntries.of(Reports.reusing("r")),
                ReportEntries.of(leak), ReportEntries.of(knownLeak)),
                List.of(new KnownFailure("com.acme.T", "m", "leak no connection", "T.java:3")));

        assertThat(file.tests().get(3).verdicts()).singleElement()
                .satisfies(verdict -> assertThat(verdict.known()).isTrue());

        assertThat(ReportJson.read(ReportJson.write(file))).isEqualTo(file);
    }

    @Test
    void marksWhatALookAfterTheTestFoundAsLaterAndReadsFilesWrittenBeforeThatMemberAsNotLater() {
        WatchedTest leak = Reports.leaking("com.acme.Other", "leaks()");
        WatchedTest leftOpen = new WatchedTest(leak.className(), "leftOpen", "leftOpen()",
                WatchedTest.Outcome.SUCCESSFUL, leak.activity(), List.of(), List.of())
                .withLaterFailures(leak.failures());
        ReportFile file = new ReportFile("1-2-4", "2026-12-02T16:00:00Z", 28232,
                List.of(ReportEntries.of(leak), ReportEntries.of(leftOpen)), List.of());

        assertThat(file.tests().get(1).verdicts()).singleElement()
                .satisfies(verdict -> assertThat(verdict.later()).isTrue());
        String json = ReportJson.write(file);
        assertThat(ReportJson.read(json)).isEqualTo(file);
        assertThat(json).contains(",\"later\":false");
        ReportFile older = ReportJson.read(json.replace(",\"later\":false", ""));
        assertThat(older.tests().get(0).verdicts()).singleElement()
                .satisfies(verdict -> assertThat(verdict.later()).isFalse());
    }

    @Test
    void keepsTheFirst200ConnectionsOfATestAndCountsTheRest() {
        var many = activity();
        for (int i = 0; i < 250; i++) {
            many.client(40000 + i, 8080, i, i + 1L, ClosedFirst.THIS_JVM, 1, TcpState.TIME_WAIT);
        }
        SocketActivity taken = many.takenAtMs(300);
        SocketActivity capped = new SocketActivity(taken.connections(), START, taken.takenAt(), 7, List.of());

        ReportedTest test = ReportEntries.of(new WatchedTest("C", "m", "m()", WatchedTest.Outcome.SUCCESSFUL, capped,
                List.of(), List.of()));

        assertThat(test.connections()).hasSize(200);
        assertThat(test.connectionsNotListed()).isEqualTo(57);
        assertThat(test.totals().opened()).isEqualTo(250);
    }

    @Test
    void writesTheDocumentedTopLevelMembers() {
        String json = ReportJson.write(new ReportFile("r", "t", 0, List.of(ReportEntries.of(Reports.reusing("r"))),
                List.of()));

        @SuppressWarnings("unchecked")
        Map<String, Object> root = (Map<String, Object>) JsonParser.parse(json);
        assertThat(root).containsEntry("format", "socketwatch-report").containsEntry("version", 1.0)
                .containsKeys("runId", "finishedAt", "ephemeralPorts", "tests", "fixed");
    }

    @Test
    void refusesAFileOfAnotherFormatOrVersionOrWithAMemberMissingOrOfTheWrongType() {
        assertThatThrownBy(() -> ReportJson.read("{\"format\":\"other\"}"))
                .hasMessage("not a socketwatch report: \"format\" is not \"socketwatch-report\"");
        assertThatThrownBy(() -> ReportJson.read("{\"format\":\"socketwatch-report\",\"version\":2}"))
                .hasMessage("report format version 2, this socketwatch reads version 1");
        assertThatThrownBy(() -> ReportJson.read("[]")).hasMessage("the report: expected an object");
        String valid = ReportJson.write(new ReportFile("r", "t", 0, List.of(ReportEntries.of(Reports.reusing("r"))),
                List.of()));
        assertThatThrownBy(() -> ReportJson.read(valid.replace("\"exchanges\":3,", "")))
                .hasMessage("tests[0].connections[0]: missing \"exchanges\"");
        assertThatThrownBy(() -> ReportJson.read(valid.replace("\"exchanges\":3", "\"exchanges\":\"3\"")))
                .hasMessage("tests[0].connections[0].exchanges: expected a number");
        assertThatThrownBy(() -> ReportJson.read(valid.replace("\"exchanges\":3", "\"exchanges\":3.5")))
                .hasMessage("tests[0].connections[0].exchanges: expected a whole number");
    }
}
