package io.socketwatch.junit.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import io.socketwatch.testing.SourceLines;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.junit.platform.engine.DiscoverySelector;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.EventStatistics;
import org.junit.platform.testkit.engine.Events;

/**
 * Runs fixture classes ({@code *TestCases}, nested so that Surefire never runs them directly) through the Jupiter
 * engine, as a build would, and reads what their tests ended with. Ephemeral ports and ages vary from run to run:
 * {@link #normalized} replaces them, nothing else, so that messages can be compared whole; {@link #openedAt} names the
 * fixture line marked {@code // line: marker} as a failure message does.
 */
public final class SocketWatchTestKit {

    /** Runs test classes and methods concurrently, as a parallel build does. */
    public static final Map<String, String> PARALLEL = Map.of(
            "junit.jupiter.execution.parallel.enabled", "true",
            "junit.jupiter.execution.parallel.mode.default", "concurrent",
            "junit.jupiter.execution.parallel.mode.classes.default", "concurrent",
            "junit.jupiter.execution.parallel.config.strategy", "fixed",
            "junit.jupiter.execution.parallel.config.fixed.parallelism", "4");

    /**
     * How the {@link #verdict} on a test that left one untracked client socket in CLOSE_WAIT starts: the headline and
     * the socket's line. The rest of the message is {@code ShouldHaveNoConnectionLeakTests}' to check.
     */
    public static final String UNTRACKED_CLIENT_IN_CLOSE_WAIT = """

            Expecting socket activity to leak no connection, but 1 connection was leaked:
              127.0.0.1:<port> -> 127.0.0.1:<port>  client  CLOSE_WAIT  closed by the peer only  opened by code \
            socketwatch does not instrument (a native transport such as Netty's epoll or io_uring)
            """;

    private SocketWatchTestKit() {
    }

    /**
     * Returns how the {@link #verdict} on a test whose client churned three requests starts: the churn headline and the
     * two client ends it left in TIME_WAIT (the third, the last, replaced by none), each with one exchange, closed
     * first by this JVM, opened at {@code site} (see {@link #openedAt}).
     */
    public static String twoChurnedClientEnds(String site) {
        return """

                Expecting socket activity to leave no TIME_WAIT behind from connection churn, but 2 connections were \
                closed, replaced by a new connection to the same endpoint, and left in TIME_WAIT:
                  127.0.0.1:<port> -> 127.0.0.1:<port>  client  TIME_WAIT  age <age>  1 exchange  closed first by this \
                JVM  %s
                  127.0.0.1:<port> -> 127.0.0.1:<port>  client  TIME_WAIT  age <age>  1 exchange  closed first by this \
                JVM  %s
                """.formatted(site, site);
    }

    /** Runs every test of {@code fixture}. */
    public static EngineExecutionResults run(Class<?> fixture) {
        return run(fixture, Map.of());
    }

    /** Runs every test of {@code fixture} with these configuration parameters. */
    public static EngineExecutionResults run(Class<?> fixture, Map<String, String> parameters) {
        return run(parameters, selectClass(fixture));
    }

    /** Runs the selected classes and methods with these configuration parameters. */
    public static EngineExecutionResults run(Map<String, String> parameters, DiscoverySelector... selectors) {
        return EngineTestKit.engine("junit-jupiter")
                .selectors(selectors)
                .configurationParameters(parameters)
                .execute();
    }

    /**
     * Asserts the statistics of {@code events}, as {@link Events#assertStatistics} does; when they are not as expected,
     * the fixtures' failures are attached to the error as suppressed ones, to show what went wrong in them.
     */
    public static Events assertStatistics(Events events, Consumer<EventStatistics> statistics) {
        try {
            return events.assertStatistics(statistics);
        } catch (AssertionError error) {
            events.failed().stream()
                    .map(event -> event.getRequiredPayload(TestExecutionResult.class).getThrowable())
                    .forEach(failure -> failure.ifPresent(error::addSuppressed));
            throw error;
        }
    }

    /** Returns each failed test's display name with its failure, to show what a false alarm said. */
    public static Map<String, String> failures(Events tests) {
        Map<String, String> failures = new TreeMap<>();
        tests.failed().stream().forEach(event -> failures.merge(event.getTestDescriptor().getDisplayName(),
                String.valueOf(event.getRequiredPayload(TestExecutionResult.class).getThrowable().orElse(null)),
                (first, second) -> first + "\n" + second));
        return failures;
    }

    /** Returns the failure of the test method named {@code method} (exactly, whatever its parameters). */
    public static Throwable failure(Events tests, String method) {
        return tests.failed().stream()
                .filter(event -> event.getTestDescriptor().getDisplayName().startsWith(method + "("))
                .map(event -> event.getRequiredPayload(TestExecutionResult.class).getThrowable().orElseThrow())
                .findFirst()
                .orElseThrow(() -> new AssertionError("no failed test " + method));
    }

    /**
     * Returns socketwatch's verdict on the test method named {@code method}: the message, {@link #normalized}, of its
     * failure, which must be exactly an {@link AssertionError}, as socketwatch's are.
     */
    public static String verdict(Events tests, String method) {
        Throwable failure = failure(tests, method);
        assertThat(failure).as("the failure of %s", method).isExactlyInstanceOf(AssertionError.class);
        return normalized(failure.getMessage());
    }

    /** Replaces what changes from run to run, ports and ages, so messages can be compared whole. */
    public static String normalized(String message) {
        return message.replaceAll("(\\d{1,3}(?:\\.\\d{1,3}){3}):\\d+", "$1:<port>")
                .replaceAll("age (?:<1|\\d+(?:\\.\\d+)?) (?:ms|s)", "age <age>");
    }

    /**
     * Returns where a failure message says a connection was opened: {@code opened at} and the stack frame of
     * {@code method} of {@code fixture} at the line of its source marked {@code // line: marker}.
     */
    public static String openedAt(Class<?> fixture, String method, String marker) {
        return "opened at " + fixture.getName() + "." + method + at(fixture, marker);
    }

    /** Returns the file and line of a stack frame at the line of {@code fixture}'s source marked {@code marker}. */
    public static String at(Class<?> fixture, String marker) {
        return "(" + SourceLines.fileName(fixture) + ":" + SourceLines.line(fixture, marker) + ")";
    }
}
