package io.socketwatch.junit;

import static io.socketwatch.junit.testkit.SharedEchoServer.echoPort;
import static io.socketwatch.junit.testkit.SocketWatchTestKit.assertStatistics;
import static io.socketwatch.junit.testkit.SocketWatchTestKit.failures;
import static io.socketwatch.junit.testkit.SocketWatchTestKit.run;
import static io.socketwatch.junit.testkit.SocketWatchTestKit.verdict;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedSuccessfully;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.EventConditions.test;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.instanceOf;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import io.socketwatch.junit.LeakCheckTests.CloseWaitTestCases;
import io.socketwatch.junit.TimeWaitCheckTests.ChurnTestCases;
import io.socketwatch.junit.testkit.SharedEchoServer;
import java.io.IOException;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.platform.testkit.engine.Events;

/**
 * What decides which tests {@code @SocketWatch} watches and how: configuration parameters, the annotation's attributes,
 * invalid values of either, and whole-build mode.
 */
@EnabledOnOs(OS.LINUX)
class ConfigurationTests {

    @Nested
    @DisplayName("the configuration parameters")
    class Parameters {

        @Test
        void ignoreTheEndpointsNamedByTheIgnoreParameter() {
            assertStatistics(run(ChurnTestCases.class, Map.of(SocketWatch.IGNORE_PROPERTY, "localhost:" + echoPort()))
                    .testEvents(), stats -> stats.started(2).succeeded(2));
        }

        @Test
        void runOnlyTheChecksTheChecksParameterNames() {
            assertStatistics(run(ChurnTestCases.class, Map.of(SocketWatch.CHECKS_PROPERTY,
                    "close_wait, connection_leak")).testEvents(), stats -> stats.started(2).succeeded(2));
            assertStatistics(run(ChurnTestCases.class, Map.of(SocketWatch.CHECKS_PROPERTY, "none")).testEvents(),
                    stats -> stats.started(2).succeeded(2));
        }
    }

    @Nested
    @DisplayName("the annotation's attributes")
    class Attributes {

        @Test
        void overrideTheParameters() {
            assertStatistics(run(CloseWaitTestCases.class, Map.of(SocketWatch.CHECKS_PROPERTY, "none")).testEvents(),
                    stats -> stats.started(3).succeeded(2).failed(1));
        }

        @Test
        void judgeEveryRepetitionByItsOwnMethodsAnnotations() {
            Events tests = run(RepeatedTestCases.class).testEvents();

            assertStatistics(tests, stats -> stats.started(4).succeeded(2).failed(2));
            assertThat(failures(tests)).allSatisfy((name, failure) -> assertThat(failure).contains("in TIME_WAIT:"));
            tests.assertThatEvents().haveExactly(2, event(test("watchedChurn"), finishedWithFailure()))
                    .haveExactly(2, event(test("unwatchedChurn"), finishedSuccessfully()));
        }
    }

    @Nested
    @DisplayName("an invalid value")
    class InvalidValues {

        @Test
        void ofAParameterFailsTheClassNamingTheKeyAndTheValue() {
            assertConfigurationError(SocketWatch.CHECKS_PROPERTY, "TIMEWAIT",
                    "socketwatch: invalid value 'TIMEWAIT' for socketwatch.checks.default: expected a comma-separated "
                            + "list of [TIME_WAIT, CLOSE_WAIT, CONNECTION_LEAK, CLIENT_PER_CALL], or none");
            assertConfigurationError(SocketWatch.ALLOWED_TIME_WAIT_PROPERTY, "-2",
                    "socketwatch: invalid value '-2' for socketwatch.timewait.allowed.default: expected a whole "
                            + "number, 0 or more, or unlimited");
            assertConfigurationError(SocketWatch.SETTLE_TIMEOUT_PROPERTY, "1 minute",
                    "socketwatch: invalid value '1 minute' for socketwatch.settle.timeout.default: unit 'minute' is "
                            + "not supported; expected a whole number followed by ms or s, e.g. 500ms or 2s");
            assertConfigurationError(SocketWatch.IGNORE_PROPERTY, "localhost",
                    "socketwatch: invalid value 'localhost' for socketwatch.ignore.default: expected host:port, "
                            + "e.g. localhost:8080 or [::1]:8080");
            assertConfigurationError(SocketWatch.UNTRACKED_CLOSE_WAIT_PROPERTY, "always",
                    "socketwatch: invalid value 'always' for socketwatch.closewait.untracked.default: expected auto, "
                            + "on or off");
        }

        @Test
        void ofADurationSaysWhatIsWrongWithItAndWhichFormsAreAccepted() {
            String key = SocketWatch.SETTLE_TIMEOUT_PROPERTY;
            String accepted = "expected a whole number followed by ms or s, e.g. 500ms or 2s";
            assertConfigurationError(key, "10h", "socketwatch: invalid value '10h' for " + key
                    + ": unit 'h' is not supported; " + accepted);
            assertConfigurationError(key, "1m", "socketwatch: invalid value '1m' for " + key
                    + ": unit 'm' is not supported; " + accepted);
            assertConfigurationError(key, "PT2S", "socketwatch: invalid value 'PT2S' for " + key
                    + ": ISO-8601 durations are not supported (write 2s for PT2S); " + accepted);
            assertConfigurationError(key, "-1s", "socketwatch: invalid value '-1s' for " + key
                    + ": a duration cannot be negative; " + accepted);
        }

        @Test
        void ofAnAttributeFailsWhatItAppliesToNamingTheAttributeAndTheValue() {
            run(InvalidAttributeTestCases.class).containerEvents()
                    .assertThatEvents().haveExactly(1, event(
                            finishedWithFailure(instanceOf(ExtensionConfigurationException.class), message(
                                    "socketwatch: invalid value '500' for @SocketWatch(settleTimeout): no unit; "
                                            + "expected a whole number followed by ms or s, e.g. 500ms or 2s"))));
            run(InvalidUntrackedAttributeTestCases.class).containerEvents()
                    .assertThatEvents().haveExactly(1, event(
                            finishedWithFailure(instanceOf(ExtensionConfigurationException.class), message(
                                    "socketwatch: invalid value 'yes' for @SocketWatch(untrackedCloseWait): expected "
                                            + "auto, on or off"))));
            run(NegativeAllowedTimeWaitTestCases.class).testEvents() // every repetition: an error is not remembered
                    .assertThatEvents().haveExactly(2, event(test("anyTest"),
                            finishedWithFailure(instanceOf(ExtensionConfigurationException.class), message(
                                    "socketwatch: invalid value '-5' for @SocketWatch(allowedTimeWait): expected 0 "
                                            + "or more, or -1 for the configuration parameter"))));
        }

        private void assertConfigurationError(String key, String value, String expected) {
            run(ChurnTestCases.class, Map.of(key, value)).containerEvents()
                    .assertThatEvents().haveExactly(1, event(
                            finishedWithFailure(instanceOf(ExtensionConfigurationException.class), message(expected))));
        }
    }

    @Nested
    @DisplayName("whole-build mode")
    class WholeBuild {

        private static final Map<String, String> AUTODETECTION =
                Map.of("junit.jupiter.extensions.autodetection.enabled", "true");

        @Test
        void checksEveryTestWithoutAnAnnotationAndHonoursNoSocketWatch() {
            Events tests = run(UnannotatedTestCases.class, AUTODETECTION).testEvents();

            assertStatistics(tests, stats -> stats.started(3).succeeded(2).failed(1));
            assertThat(verdict(tests, "aConnectionPerRequest")).contains("and left in TIME_WAIT");
            assertStatistics(run(OptedOutTestCases.class, AUTODETECTION).testEvents(),
                    stats -> stats.started(1).succeeded(1));
        }

        @Test
        void checksNothingWithoutAutodetection() {
            assertStatistics(run(UnannotatedTestCases.class).testEvents(), stats -> stats.started(3).succeeded(3));
        }
    }

    @SocketWatch(untrackedCloseWait = "yes")
    static class InvalidUntrackedAttributeTestCases {

        @Test
        void anyTest() {
        }
    }

    @SocketWatch(settleTimeout = "500")
    static class InvalidAttributeTestCases {

        @Test
        void aSettleTimeoutWithoutUnit() {
        }
    }

    static class NegativeAllowedTimeWaitTestCases {

        @RepeatedTest(2)
        @SocketWatch(allowedTimeWait = -5)
        void anyTest() {
        }
    }

    @SocketWatch
    static class RepeatedTestCases {

        @RepeatedTest(2)
        void watchedChurn() throws IOException {
            new UnannotatedTestCases().aConnectionPerRequest();
        }

        @RepeatedTest(2)
        @NoSocketWatch
        void unwatchedChurn() throws IOException {
            new UnannotatedTestCases().aConnectionPerRequest();
        }
    }

    static class UnannotatedTestCases {

        @Test
        void aConnectionPerRequest() throws IOException {
            SharedEchoServer.aConnectionPerRequest(2);
        }

        @Test
        @NoSocketWatch
        void optedOut() throws IOException {
            aConnectionPerRequest();
        }

        @Test
        void noConnection() {
        }
    }

    @NoSocketWatch
    static class OptedOutTestCases {

        @Test
        void aConnectionPerRequest() throws IOException {
            new UnannotatedTestCases().aConnectionPerRequest();
        }
    }
}
