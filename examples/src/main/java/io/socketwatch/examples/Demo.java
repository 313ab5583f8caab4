package io.socketwatch.examples;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.TestTag;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * Runs every example class through the JUnit Platform, as a build would, and prints what socketwatch said about each
 * test: clean examples should pass, and faulty ones (tagged {@code faulty}) should fail with socketwatch's message.
 * Exits with status 1 if any example ended otherwise. Linux only, like socketwatch's socket states.
 *
 * <p>Run it with {@code ./mvnw -B -q -pl examples -am verify -Pdemo -DskipTests}.
 */
public final class Demo {

    /**
     * The example classes, in the order the demo runs them; Spring's WebClient last, as loading Netty's epoll transport
     * turns on the look for untracked sockets for every later test of the JVM.
     */
    public static final List<Class<?>> EXAMPLES = List.of(OkHttpExample.class, JdkHttpClientExample.class,
            HttpUrlConnectionExample.class, ApacheHttpClientExample.class, JdbcExample.class,
            ReverseProxyExample.class, WebClientExample.class);

    private static final TestTag FAULTY = TestTag.create("faulty");

    /**
     * OkHttp's own "A connection ... was leaked" warning, logged whenever a collection finds an unclosed response,
     * would land in the middle of the report; socketwatch's message for that example says the same. Held strongly:
     * the JDK keeps loggers only weakly.
     */
    private static final Logger OKHTTP_LOGGER = Logger.getLogger("okhttp3");
    private static final String INDENT = "        ";

    private Demo() {
    }

    public static void main(String[] args) {
        OKHTTP_LOGGER.setLevel(Level.OFF);
        PrintStream out = System.out;
        out.println("socketwatch demo: each example is a JUnit test annotated @SocketWatch.");
        out.println("Clean examples should pass; faulty ones should fail with socketwatch's message.");
        LauncherDiscoveryRequestBuilder request = LauncherDiscoveryRequestBuilder.request();
        EXAMPLES.forEach(example -> request.selectors(selectClass(example)));
        LauncherDiscoveryRequest discovery = request.build();
        Report report = new Report(out);
        LauncherFactory.create().execute(discovery, report);
        out.println();
        out.println(report.summary());
        // written by socketwatch's report listener, which the launcher found on the class path, in its default place
        Path buildReport = Path.of("target", "socketwatch", "index.html").toAbsolutePath();
        if (Files.exists(buildReport)) {
            out.println("socketwatch's report of these tests, a timeline per test: " + buildReport);
        }
        if (!report.unexpected.isEmpty()) {
            out.println("Unexpected: " + String.join("; ", report.unexpected));
            System.exit(1);
        }
    }

    /**
     * Returns whether {@code failure} is a socketwatch check failure: an {@link AssertionError} whose message is one
     * of socketwatch's, alone or several combined.
     */
    public static boolean isSocketwatchMessage(Throwable failure) {
        String message = failure.getMessage();
        return failure instanceof AssertionError && message != null
                && (message.startsWith("\nExpecting socket activity") || message.startsWith("socketwatch found"));
    }

    /** Prints each example's verdict as it finishes, and counts them. */
    static final class Report implements TestExecutionListener {

        private final PrintStream out;
        private final List<String> unexpected = new ArrayList<>();
        private int faulty;
        private int caught;
        private int clean;
        private int cleanPassed;

        Report(PrintStream out) {
            this.out = out;
        }

        @Override
        public void executionStarted(TestIdentifier identifier) {
            if (isExampleClass(identifier)) {
                out.println();
                out.println(identifier.getDisplayName());
            }
        }

        @Override
        public void executionSkipped(TestIdentifier identifier, String reason) {
            out.println("  SKIP  " + identifier.getDisplayName() + ": " + reason);
            unexpected.add(identifier.getDisplayName() + " was skipped");
        }

        @Override
        public void executionFinished(TestIdentifier identifier, TestExecutionResult result) {
            Optional<Throwable> failure = result.getThrowable();
            if (!identifier.isTest()) {
                failure.ifPresent(error -> {
                    out.println("  ERROR " + identifier.getDisplayName());
                    out.println(indent(describe(error)));
                    unexpected.add(identifier.getDisplayName() + " could not run");
                });
                return;
            }
            boolean passed = result.getStatus() == TestExecutionResult.Status.SUCCESSFUL;
            boolean isFaulty = identifier.getTags().contains(FAULTY);
            out.println("  " + (passed ? "PASS" : "FAIL") + "  " + identifier.getDisplayName()
                    + (isFaulty ? "  (faulty example)" : ""));
            failure.ifPresent(error -> out.println(indent(describe(error))));
            if (isFaulty) {
                faulty++;
                if (failure.map(Demo::isSocketwatchMessage).orElse(false)) {
                    caught++;
                } else {
                    unexpected.add(identifier.getDisplayName() + (passed ? " was not caught" : " failed otherwise"));
                }
            } else {
                clean++;
                if (passed) {
                    cleanPassed++;
                } else {
                    unexpected.add(identifier.getDisplayName() + " failed");
                }
            }
        }

        String summary() {
            String cleanResult = cleanPassed == clean
                    ? clean + " clean examples passed"
                    : cleanPassed + " of " + clean + " clean examples passed";
            return "socketwatch caught " + caught + " of " + faulty + " faulty examples; " + cleanResult;
        }

        private static boolean isExampleClass(TestIdentifier identifier) {
            return identifier.isContainer() && identifier.getSource().filter(ClassSource.class::isInstance).isPresent();
        }
    }

    private static String describe(Throwable failure) {
        if (isSocketwatchMessage(failure)) {
            return failure.getMessage().strip();
        }
        return failure.toString().strip();
    }

    private static String indent(String text) {
        return INDENT + text.replace("\n", "\n" + INDENT);
    }
}
