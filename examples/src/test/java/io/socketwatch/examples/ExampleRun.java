package io.socketwatch.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.util.List;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;
import org.junit.platform.testkit.engine.EventType;
import org.junit.platform.testkit.engine.Events;

/** One run of an example class through the JUnit Platform, and what each of its tests ended with. */
final class ExampleRun {

    private final Class<?> example;
    private final Events tests;

    private ExampleRun(Class<?> example, Events tests) {
        this.example = example;
        this.tests = tests;
    }

    /** Runs every test of {@code example} through the Jupiter engine, as a build would. */
    static ExampleRun of(Class<?> example) {
        Events tests = EngineTestKit.engine("junit-jupiter").selectors(selectClass(example)).execute().testEvents();
        return new ExampleRun(example, tests);
    }

    /** Asserts that {@code method} passed. */
    ExampleRun passed(String method) {
        TestExecutionResult result = result(method);
        assertThat(result.getStatus())
                .as("%s.%s, which failed with %s", example.getSimpleName(), method, result.getThrowable().orElse(null))
                .isEqualTo(TestExecutionResult.Status.SUCCESSFUL);
        return this;
    }

    /**
     * Asserts that {@code method} failed with socketwatch's {@link AssertionError} and returns its message for further
     * checks.
     */
    /** Returns the failure of {@code method}, which must have failed. */
    Throwable failure(String method) {
        TestExecutionResult result = result(method);
        assertThat(result.getStatus()).as("%s.%s", example.getSimpleName(), method)
                .isEqualTo(TestExecutionResult.Status.FAILED);
        return result.getThrowable().orElseThrow();
    }

    String failedWithSocketwatchMessage(String method) {
        TestExecutionResult result = result(method);
        assertThat(result.getStatus()).as("%s.%s", example.getSimpleName(), method)
                .isEqualTo(TestExecutionResult.Status.FAILED);
        Throwable failure = result.getThrowable().orElseThrow();
        assertThat(failure).as("%s.%s", example.getSimpleName(), method).isInstanceOf(AssertionError.class);
        assertThat(Demo.isSocketwatchMessage(failure)).as("socketwatch's message, not %s", failure).isTrue();
        return failure.getMessage();
    }

    /** Asserts that the class ran exactly these test methods. */
    ExampleRun ranExactly(String... methods) {
        List<String> ran = tests.finished().stream().map(ExampleRun::methodName).toList();
        assertThat(ran).as("tests of %s", example.getSimpleName()).containsExactlyInAnyOrder(methods);
        return this;
    }

    private TestExecutionResult result(String method) {
        return tests.finished().stream()
                .filter(event -> method.equals(methodName(event)))
                .findFirst()
                .map(event -> event.getRequiredPayload(TestExecutionResult.class))
                .orElseThrow(() -> new AssertionError(example.getSimpleName() + "." + method + " did not run; events: "
                        + tests.list()));
    }

    private static String methodName(Event event) {
        assert event.getType() == EventType.FINISHED;
        return event.getTestDescriptor().getSource()
                .filter(MethodSource.class::isInstance)
                .map(source -> ((MethodSource) source).getMethodName())
                .orElse(null);
    }
}
