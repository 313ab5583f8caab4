package io.socketwatch.examples;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.TestTag;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * Runs every example through the JUnit Platform and prints what socketwatch said about each: clean examples should
 * pass, faulty ones should fail with socketwatch's message.
 */
public final class Demo {

    /** The example classes, in the order the demo runs them. */
    public static final List<Class<?>> EXAMPLES = List.of(OkHttpExample.class, JdkHttpClientExample.class,
            HttpUrlConnectionExample.class, ApacheHttpClientExample.class, JdbcExample.class,
            ReverseProxyExample.class);

    private Demo() {
    }

    public static void main(String[] args) {
        PrintStream out = System.out;
        Report report = new Report(out);
        LauncherDiscoveryRequestBuilder request = LauncherDiscoveryRequestBuilder.request();
        EXAMPLES.forEach(example -> request.selectors(selectClass(example)));
        Launcher launcher = LauncherFactory.create();
        launcher.execute(request.build(), report);
        out.println();
        out.println(report.summary());
    }

    /** Prints each example's verdict as it finishes and counts them. */
    static final class Report implements TestExecutionListener {
        private final PrintStream out;
        private int faulty;
        private int caught;
        private int clean;
        private int cleanPassed;
        private final List<String> surprises = new ArrayList<>();

        Report(PrintStream out) {
            this.out = out;
        }

        @Override
        public void executionStarted(TestIdentifier test) {
            if (test.isContainer() && test.getSource().isPresent() && test.getParentId().isPresent()
                    && test.getSource().get() instanceof org.junit.platform.engine.support.descriptor.ClassSource) {
                out.println();
                out.println(test.getDisplayName());
            }
        }

        @Override
        public void executionFinished(TestIdentifier test, TestExecutionResult result) {
            if (!test.isTest()) {
                result.getThrowable().ifPresent(t -> out.println("  ERROR " + t));
                return;
            }
            boolean isFaulty = test.getTags().contains(TestTag.create("faulty"));
            boolean passed = result.getStatus() == TestExecutionResult.Status.SUCCESSFUL;
            Optional<Throwable> failure = result.getThrowable();
            out.println("  " + (passed ? "PASS" : "FAIL") + "  " + test.getDisplayName()
                    + (isFaulty ? "  (faulty)" : "  (clean)"));
            failure.ifPresent(t -> out.println(indent(message(t))));
            if (isFaulty) {
                faulty++;
                if (!passed && failure.map(Demo::isSocketwatchMessage).orElse(false)) {
                    caught++;
                } else {
                    surprises.add(test.getDisplayName());
                }
            } else {
                clean++;
                if (passed) {
                    cleanPassed++;
                } else {
                    surprises.add(test.getDisplayName());
                }
            }
        }

        String summary() {
            return "socketwatch caught " + caught + " of " + faulty + " faulty examples; " + cleanPassed + " of "
                    + clean + " clean examples passed";
        }
    }

    static boolean isSocketwatchMessage(Throwable failure) {
        String message = failure.getMessage();
        return failure instanceof AssertionError && message != null
                && (message.startsWith("\nExpecting socket activity") || message.startsWith("socketwatch found"));
    }

    private static String message(Throwable failure) {
        String message = failure.getMessage();
        return message == null ? failure.toString() : failure.getClass().getName() + ": " + message.strip();
    }

    private static String indent(String text) {
        return "        " + text.replace("\n", "\n        ");
    }
}
