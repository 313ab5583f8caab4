package io.socketwatch.junit;

import static io.socketwatch.junit.testkit.SharedEchoServer.echoPort;
import static io.socketwatch.junit.testkit.SharedEchoServer.request;
import static io.socketwatch.junit.testkit.SocketWatchTestKit.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.instanceOf;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import io.socketwatch.internal.report.BaselineCommand;
import io.socketwatch.internal.report.ParsedReports;
import io.socketwatch.testing.SourceLines;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.ClassOrderer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.engine.DiscoverySelector;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.core.LauncherConfig;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * The build report: what a test JVM writes at the end of its run, through the JUnit Platform launcher as a build runs
 * it (JUnit's {@code EngineTestKit} bypasses the launcher and its listeners).
 */
@EnabledOnOs(OS.LINUX)
class BuildReportTests {

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Nested
    @DisplayName("the JSON file of a test JVM")
    class JsonFile {

        @Test
        void holdsEachWatchedTestWithItsOutcomeConnectionsAndVerdicts() throws IOException {
            runThroughLauncher(ReportTestCases.class, Map.of());

            Map<String, Object> report = onlyReportFile();
            assertThat(report).containsEntry("format", "socketwatch-report").containsEntry("version", 1.0);
            List<Map<String, Object>> tests = list(report.get("tests"));
            assertThat(tests).extracting(test -> test.get("method"))
                    .containsExactlyInAnyOrder("churns", "reuses", "opensNothing");

            Map<String, Object> churns = test(tests, "churns");
            assertThat(churns).containsEntry("class", ReportTestCases.class.getName())
                    .containsEntry("displayName", "churns()").containsEntry("outcome", "FAILED");
            assertThat(map(churns.get("totals"))).containsEntry("opened", 3.0).containsEntry("reused", 0.0);
            List<Map<String, Object>> connections = list(churns.get("connections"));
            List<Map<String, Object>> clientEnds = connections.stream()
                    .filter(c -> c.get("side").equals("client")).toList();
            assertThat(clientEnds).hasSize(3).allSatisfy(c -> {
                assertThat(c).containsEntry("remote", "127.0.0.1:" + echoPort()).containsEntry("exchanges", 1.0)
                        .containsEntry("closedFirst", "THIS_JVM").containsEntry("origin", "WINDOW")
                        .containsEntry("location", SourceLines.fileName(ReportTestCases.class) + ":"
                                + SourceLines.line(ReportTestCases.class, "churn"));
                assertThat((Double) c.get("closedMs")).isGreaterThanOrEqualTo((Double) c.get("openedMs"));
            });
            assertThat(clientEnds).filteredOn(c -> c.get("state").equals("TIME_WAIT")).hasSizeGreaterThanOrEqualTo(2);
            assertThat(list(churns.get("verdicts"))).singleElement().satisfies(verdict -> {
                assertThat(verdict).containsEntry("check", "leave no TIME_WAIT behind from connection churn")
                        .containsEntry("site", clientEnds.get(0).get("location"));
                assertThat((String) verdict.get("message"))
                        .startsWith("\nExpecting socket activity to leave no TIME_WAIT behind from connection churn");
            });

            Map<String, Object> reuses = test(tests, "reuses");
            assertThat(reuses).containsEntry("outcome", "SUCCESSFUL").containsEntry("verdicts", List.of());
            assertThat(map(reuses.get("totals"))).containsEntry("opened", 1.0).containsEntry("reused", 1.0);
            assertThat(test(tests, "opensNothing")).containsEntry("displayName", ReportTestCases.AWKWARD_NAME)
                    .containsEntry("connections", List.of());
        }

        @Test
        void isWrittenByTheListenerTheLauncherFindsThroughMetaInfServices() throws IOException {
            Launcher launcher = LauncherFactory.create(); // auto-registration on, as in a build
            launcher.execute(LauncherDiscoveryRequestBuilder.request().selectors(selectClass(QuietTestCases.class))
                    .configurationParameter(SocketWatch.REPORT_DIR_PROPERTY, dir.toString()).build());

            assertThat(list(onlyReportFile().get("tests"))).singleElement()
                    .satisfies(test -> assertThat(test).containsEntry("method", "opensNothing"));
        }

        @Test
        void isNotWrittenWhenTheReportIsSwitchedOff() throws IOException {
            runThroughLauncher(QuietTestCases.class, Map.of(SocketWatch.REPORT_ENABLED_PROPERTY, "false"));

            try (Stream<Path> files = Files.list(dir)) {
                assertThat(files).isEmpty();
            }
            assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
        }

        @Test
        void isNotWrittenWhenNoTestWasWatched() throws IOException {
            runThroughLauncher(UnwatchedTestCases.class, Map.of());

            try (Stream<Path> files = Files.list(dir)) {
                assertThat(files).isEmpty();
            }
            assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
        }
    }

    @Nested
    @DisplayName("the HTML page")
    class HtmlPage {

        @Test
        void showsEveryTestOfTheDirectoryEscapedWithoutNetworkAccess() throws IOException {
            runThroughLauncher(ReportTestCases.class, Map.of());
            runThroughLauncher(QuietTestCases.class, Map.of()); // a second JVM's file, as a second fork writes it

            String html = Files.readString(dir.resolve("index.html"));
            assertThat(html).contains("4 tests watched, 1 failed", "from 2 test JVMs",
                    "a &lt;b&gt;name&lt;/b&gt; &amp; &#39;quotes&#39;", ReportTestCases.class.getName(),
                    QuietTestCases.class.getName(), "leave no TIME_WAIT behind from connection churn")
                    .doesNotContain("<b>name</b>")
                    .doesNotContainPattern("(?i)(src|href)\\s*=\\s*\"?(https?:)?//");
        }
    }

    @Nested
    @DisplayName("what the looks at the end of a class and of the run found")
    class LaterFindings {

        @Test
        void areVerdictsOfTheTestThatOpenedTheConnectionInTheJsonTheHtmlAndTheSummary() throws IOException {
            Class<?> fixture = ClassSweepTests.PeerClosesDuringALaterTestCases.class;
            try {
                runThroughLauncher(fixture, Map.of());
            } finally {
                ClassSweepTests.PeerClosesDuringALaterTestCases.ends.closeAll();
            }

            String site = SourceLines.fileName(fixture) + ":" + SourceLines.line(fixture, "left-open");
            List<Map<String, Object>> tests = list(onlyReportFile().get("tests"));
            assertThat(test(tests, "leavesAConnectionOpen")).containsEntry("outcome", "SUCCESSFUL");
            assertThat(list(test(tests, "leavesAConnectionOpen").get("verdicts"))).singleElement()
                    .satisfies(verdict -> assertThat(verdict)
                            .containsEntry("check", "be closed, or still in use, at the end of the class")
                            .containsEntry("site", site).containsEntry("known", false).containsEntry("later", true));
            Map<String, Object> later = test(tests, "closesTheServersEnd");
            assertThat(list(later.get("verdicts"))).isEmpty();
            assertThat(later.get("notes")).asList().singleElement().asString().matches("127\\.0\\.0\\.1:\\d+ -> "
                    + "127\\.0\\.0\\.1:\\d+ \\(client\\), left open by leavesAConnectionOpen\\(\\), entered "
                    + "CLOSE_WAIT during this test: not this test's leak; it is reported against "
                    + "leavesAConnectionOpen\\(\\)");
            assertThat(Files.readString(dir.resolve("index.html")))
                    .contains("be closed, or still in use, at the end of the class <i>(found after the test: failed "
                            + "its class or the run)</i>");
            assertThat(out.toString(StandardCharsets.UTF_8).split("\n")).contains("  1 test: expected to be closed, "
                    + "or still in use, at the end of the class, opened at " + site);
        }

        @Test
        void ofTheRunAreListedToo() throws IOException {
            try {
                runThroughLauncher(Map.of("junit.jupiter.testclass.order.default",
                        ClassOrderer.OrderAnnotation.class.getName()), Map.of(),
                        selectClass(RunSweepTests.LeavesItOpenCases.class),
                        selectClass(RunSweepTests.ClosesItInALaterClassCases.class));
            } finally {
                RunSweepTests.ends.closeAll();
            }

            Class<?> fixture = RunSweepTests.LeavesItOpenCases.class;
            String site = SourceLines.fileName(fixture) + ":" + SourceLines.line(fixture, "run-left-open");
            assertThat(list(test(list(onlyReportFile().get("tests")), "leavesAConnectionOpen").get("verdicts")))
                    .singleElement().satisfies(verdict -> assertThat(verdict)
                            .containsEntry("check", "be closed, or still in use, at the end of the run")
                            .containsEntry("site", site).containsEntry("later", true));
            assertThat(out.toString(StandardCharsets.UTF_8).split("\n")).contains("  1 test: expected to be closed, "
                    + "or still in use, at the end of the run, opened at " + site);
        }
    }

    @Nested
    @DisplayName("the console summary")
    class ConsoleSummary {

        @Test
        void countsTheRunGroupsFailuresByCauseAndNamesTheReport() {
            runThroughLauncher(ReportTestCases.class, Map.of());

            String site = SourceLines.fileName(ReportTestCases.class) + ":"
                    + SourceLines.line(ReportTestCases.class, "churn");
            assertThat(out.toString(StandardCharsets.UTF_8).split("\n")).satisfiesExactly(
                    totals -> assertThat(totals).matches("socketwatch: 3 tests watched, 1 failed; 4 connections "
                            + "opened, 1 reused, \\d+ left in TIME_WAIT"),
                    cause -> assertThat(cause).isEqualTo("  1 test: expected to leave no TIME_WAIT behind from "
                            + "connection churn, opened at " + site),
                    path -> assertThat(path).isEqualTo("socketwatch report: " + dir.resolve("index.html")
                            .toAbsolutePath()));
            assertThat(err.toString(StandardCharsets.UTF_8)).isEmpty();
        }

        @Test
        void isAppendedAsMarkdownToTheFileGithubStepSummaryNames() throws IOException {
            Path stepSummary = Files.writeString(dir.resolve("step-summary.md"), "earlier step\n");

            runThroughLauncher(ReportTestCases.class, Map.of(),
                    Map.of(SocketWatchReportListener.STEP_SUMMARY, stepSummary.toString()));

            assertThat(Files.readString(stepSummary)).matches("""
                    earlier step
                    ### socketwatch

                    3 tests watched, 1 failed; 4 connections opened, 1 reused, \\d+ left in TIME_WAIT.

                    \\| tests \\| expected to \\| opened at \\|
                    \\|---:\\|---\\|---\\|
                    \\| 1 \\| leave no TIME\\\\_WAIT behind from connection churn \\| \\Q%s\\E \\|

                    Report: \\Q%s\\E
                    """.formatted(churnSite(), dir.resolve("index.html").toAbsolutePath()));
        }

        @Test
        void warnsInOneLineWhenTheDirectoryCannotBeWrittenAndFailsNoTest() throws IOException {
            Path notADirectory = Files.writeString(dir.resolve("file"), "");

            runThroughLauncher(QuietTestCases.class,
                    Map.of(SocketWatch.REPORT_DIR_PROPERTY, notADirectory.resolve("report").toString()));

            assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("socketwatch: could not write the report to "
                    + notADirectory.resolve("report").toAbsolutePath() + ": ").doesNotContain("\n\n").hasLineCount(1);
            assertThat(out.toString(StandardCharsets.UTF_8))
                    .isEqualTo("socketwatch: 1 test watched, 0 failed; 0 connections opened, 0 reused, 0 left in "
                            + "TIME_WAIT\n");
        }
    }

    @Nested
    @DisplayName("an invalid report parameter")
    class Parameters {

        @Test
        void failsTheWatchedClassNamingTheKeyAndTheValue() {
            assertConfigurationError(SocketWatch.REPORT_ENABLED_PROPERTY, "maybe",
                    "socketwatch: invalid value 'maybe' for socketwatch.report.enabled: expected true or false");
            assertConfigurationError(SocketWatch.REPORT_DIR_PROPERTY, " ",
                    "socketwatch: invalid value ' ' for socketwatch.report.dir: expected a directory");
            assertConfigurationError(SocketWatch.REPORT_DIR_PROPERTY, "a\0b",
                    "socketwatch: invalid value 'a\0b' for socketwatch.report.dir: expected a directory (Nul "
                            + "character not allowed)");
        }

        @Test
        void writesNoReportWhenTheLauncherRunsTheClass() throws IOException {
            runThroughLauncher(QuietTestCases.class, Map.of(SocketWatch.REPORT_ENABLED_PROPERTY, "maybe"));

            try (Stream<Path> files = Files.list(dir)) {
                assertThat(files).isEmpty();
            }
            assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
            assertThat(err.toString(StandardCharsets.UTF_8)).isEmpty();
        }

        private void assertConfigurationError(String key, String value, String expected) {
            run(QuietTestCases.class, Map.of(key, value)).containerEvents().assertThatEvents().haveExactly(1,
                    event(finishedWithFailure(instanceOf(ExtensionConfigurationException.class), message(expected))));
        }
    }

    @Nested
    @DisplayName("a baseline of known failures")
    class Baselines {

        @Test
        void letsItsFailuresPassWhileTheReportAndSummaryStillTellThem() throws IOException {
            runThroughLauncher(ReportTestCases.class, Map.of());
            Path baseline = baselineOf(dir);
            out.reset();
            Path second = Files.createDirectory(dir.resolve("second"));

            runThroughLauncher(ReportTestCases.class, Map.of(SocketWatch.REPORT_DIR_PROPERTY, second.toString(),
                    SocketWatch.BASELINE_FILE_PROPERTY, baseline.toString()));

            assertThat(out.toString(StandardCharsets.UTF_8).split("\n")).contains("  1 test: expected to leave no "
                    + "TIME_WAIT behind from connection churn, opened at " + churnSite() + " (known: in the baseline)");
            assertThat(out.toString(StandardCharsets.UTF_8)).contains("3 tests watched, 0 failed");
            try (Stream<Path> files = Files.list(second)) {
                Path json = files.filter(path -> path.toString().endsWith(".json")).findFirst().orElseThrow();
                Map<String, Object> churns = test(list(map(ParsedReports.parse(Files.readString(json))).get("tests")),
                        "churns");
                assertThat(churns).containsEntry("outcome", "SUCCESSFUL");
                assertThat(list(churns.get("verdicts"))).singleElement()
                        .satisfies(verdict -> assertThat(verdict).containsEntry("known", true));
            }
        }

        @Test
        void failsANewFailureAndListsTheKnownOnesThatNoLongerOccurAsFixed() throws IOException {
            Path baseline = Files.writeString(dir.resolve("baseline.json"), """
                    {"format":"socketwatch-baseline","version":1,"knownFailures":[
                    {"class":"%s","method":"reuses","check":"leak no connection","site":"Gone.java:7"}
                    ]}
                    """.formatted(ReportTestCases.class.getName()));

            runThroughLauncher(ReportTestCases.class, Map.of(SocketWatch.BASELINE_FILE_PROPERTY, baseline.toString()));

            assertThat(out.toString(StandardCharsets.UTF_8).split("\n")).contains(
                    "  1 test: expected to leave no TIME_WAIT behind from connection churn, opened at " + churnSite(),
                    "  fixed, remove from the baseline: BuildReportTests$ReportTestCases.reuses: expected to leak no "
                            + "connection, opened at Gone.java:7");
            assertThat(out.toString(StandardCharsets.UTF_8)).contains("3 tests watched, 1 failed");
            assertThat(Files.readString(dir.resolve("index.html"))).contains("Fixed: remove from the baseline");
        }

        @Test
        void thatIsMalformedFailsTheWatchedClassNamingTheFileAndTheLine() throws IOException {
            Path baseline = Files.writeString(dir.resolve("baseline.json"),
                    "{\"format\":\"socketwatch-baseline\",\n\"version\":1,\n\"knownFailures\":[}");

            run(QuietTestCases.class, Map.of(SocketWatch.BASELINE_FILE_PROPERTY, baseline.toString()))
                    .containerEvents().assertThatEvents().haveExactly(1, event(finishedWithFailure(
                            instanceOf(ExtensionConfigurationException.class),
                            message("socketwatch: invalid value '" + baseline + "' for socketwatch.baseline.file: "
                                    + baseline + ": line 3, column 18: expected a value"))));
        }

        @Test
        void thatIsMissingFailsTheWatchedClassNamingTheFile() {
            Path missing = dir.resolve("missing.json");

            run(QuietTestCases.class, Map.of(SocketWatch.BASELINE_FILE_PROPERTY, missing.toString()))
                    .containerEvents().assertThatEvents().haveExactly(1, event(finishedWithFailure(
                            instanceOf(ExtensionConfigurationException.class),
                            message("socketwatch: invalid value '" + missing + "' for socketwatch.baseline.file: "
                                    + "cannot read it (java.nio.file.NoSuchFileException: " + missing + ")"))));
        }

        /** Writes the baseline of the report directory {@code reports} as {@code socketwatch baseline} does. */
        private Path baselineOf(Path reports) throws IOException {
            ByteArrayOutputStream baseline = new ByteArrayOutputStream();
            assertThat(BaselineCommand.run(List.of(reports.toString()),
                    new PrintStream(baseline, true, StandardCharsets.UTF_8), System.err)).isZero();
            return Files.write(dir.resolve("socketwatch-baseline.json"), baseline.toByteArray());
        }
    }

    /** Runs {@code fixture} through a launcher whose only listener is a report listener printing to this test. */
    private void runThroughLauncher(Class<?> fixture, Map<String, String> parameters) {
        runThroughLauncher(fixture, parameters, Map.of());
    }

    /** The same, the listener seeing {@code environment} as the process's environment. */
    private void runThroughLauncher(Class<?> fixture, Map<String, String> parameters, Map<String, String> environment) {
        runThroughLauncher(parameters, environment, selectClass(fixture));
    }

    /** Runs the selected classes through a launcher, the listener seeing {@code environment} as the environment. */
    private void runThroughLauncher(Map<String, String> parameters, Map<String, String> environment,
                                    DiscoverySelector... selectors) {
        SocketWatchReportListener listener = new SocketWatchReportListener(
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                environment::get);
        Launcher launcher = LauncherFactory.create(LauncherConfig.builder()
                .enableTestExecutionListenerAutoRegistration(false).addTestExecutionListeners(listener).build());
        LauncherDiscoveryRequestBuilder request = LauncherDiscoveryRequestBuilder.request()
                .selectors(selectors)
                .configurationParameter(SocketWatch.REPORT_DIR_PROPERTY, dir.toString());
        parameters.forEach(request::configurationParameter);
        launcher.execute(request.build());
    }

    private static String churnSite() {
        return SourceLines.fileName(ReportTestCases.class) + ":" + SourceLines.line(ReportTestCases.class, "churn");
    }

    private Map<String, Object> onlyReportFile() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> json = files.filter(path -> path.getFileName().toString().matches("socketwatch-.+\\.json"))
                    .toList();
            assertThat(json).hasSize(1);
            return map(ParsedReports.parse(Files.readString(json.get(0))));
        }
    }

    private static Map<String, Object> test(List<Map<String, Object>> tests, String method) {
        return tests.stream().filter(test -> test.get("method").equals(method)).findFirst().orElseThrow();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return (Map<String, Object>) value;
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> list(Object value) {
        return (List<Map<String, Object>>) value;
    }

    @SocketWatch
    static class ReportTestCases {

        static final String AWKWARD_NAME = "a <b>name</b> & 'quotes'";

        @Test
        void churns() throws IOException {
            for (int i = 0; i < 3; i++) {
                try (Socket socket = new Socket("127.0.0.1", echoPort())) { // line: churn
                    request(socket);
                }
            }
        }

        @Test
        void reuses() throws IOException {
            try (Socket socket = new Socket("127.0.0.1", echoPort())) {
                request(socket);
                request(socket);
            }
        }

        @Test
        @DisplayName(AWKWARD_NAME)
        void opensNothing() {
        }
    }

    @SocketWatch
    static class QuietTestCases {

        @Test
        void opensNothing() {
        }
    }

    static class UnwatchedTestCases {

        @Test
        void opensNothing() {
        }
    }
}
