package io.socketwatch.junit;

import io.socketwatch.LeftOpen;
import io.socketwatch.SocketWatcher;
import io.socketwatch.error.ShouldNotLeakAfterTheirTests;
import io.socketwatch.model.SocketActivity;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterTestExecutionCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeTestExecutionCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.Namespace;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * The extension behind {@link SocketWatch @SocketWatch}, also registered for JUnit's extension auto-detection
 * (whole-build mode). Installs the agent before the class runs, records each test method in its own window, runs the
 * configured checks right after the method, and publishes a report entry for every test; at the end of the class,
 * looks again at the connections its tests left open ({@link ClassSweep}), and at the end of the run at what those
 * looks did not report ({@link RunSweep}).
 */
public class SocketWatchExtension implements BeforeAllCallback, BeforeTestExecutionCallback,
        AfterTestExecutionCallback, AfterAllCallback, ParameterResolver {

    private static final Namespace NAMESPACE = Namespace.create(SocketWatchExtension.class);
    private static final String SETTINGS = "settings";
    private static final String SWEEP_MODES = "sweep modes";
    private static final String RUN_SWEEP = "run sweep";
    private static final String BASELINE = "baseline";
    /**
     * The recordings of the tests running on each thread, innermost first. A test method's callbacks and parameter
     * resolution all run on its thread, and a test that runs tests (a test kit) nests theirs inside its own; a
     * thread-local costs a test a fraction of the store's look-ups.
     */
    private static final ThreadLocal<Session> SESSIONS = new ThreadLocal<>();

    /**
     * The settings of the class whose tests this instance saw last: JUnit makes an instance per registration, within
     * one run, mostly per test class, whose tests then find their settings without a store look-up.
     */
    private volatile ClassSettings latest;

    /** Runs a test's checks on its activity: {@link Verdicts#check}, but for tests of a check that throws. */
    private final BiFunction<SocketActivity, Settings, List<AssertionError>> checks;

    /** Creates the extension JUnit registers for {@code @SocketWatch} and for auto-detection. */
    public SocketWatchExtension() {
        this(Verdicts::check);
    }

    /** Creates an extension that judges each test's activity with {@code checks}: a seam for tests. */
    SocketWatchExtension(BiFunction<SocketActivity, Settings, List<AssertionError>> checks) {
        this.checks = checks;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        if (classSettings(context, context.getStore(NAMESPACE)).forClass().isPresent()) {
            sweepModes(context); // an invalid value fails the class before its tests, not after
            SocketWatcher.install();
        }
    }

    @Override
    public void beforeTestExecution(ExtensionContext context) {
        ClassSettings classSettings = classSettingsOf(context);
        Optional<Settings> settings = classSettings.forMethod(context.getRequiredTestMethod());
        if (settings.isPresent()) {
            // when it ran matters only once an earlier test left a connection that a peer may close during this one
            Instant started = classSettings.sweep() != null ? Instant.now() : null;
            SESSIONS.set(new Session(context, SocketWatcher.start(settings.get().settleTimeout(),
                    settings.get().untrackedToLookFor()), settings.get(), started, SESSIONS.get()));
        }
    }

    @Override
    public void afterTestExecution(ExtensionContext context) {
        Session session = Session.remove(context);
        if (session == null) {
            return; // not watched, or our beforeTestExecution did not run (an earlier callback threw)
        }
        SocketActivity activity = session.stop(); // also the release: nothing needs the window after this
        context.publishReportEntry(Verdicts.reportEntry(activity));
        sweepLater(context, session, activity);
        List<AssertionError> failures = checks.apply(activity, session.settings());
        if (failures.isEmpty()) {
            ReportCollector.offer(context, activity, failures, failures);
        } else {
            failUnlessKnown(context, activity, failures);
        }
    }

    /**
     * Fails the test with those of the checks' failures that the baseline does not list; hands all of them to the
     * report, the listed ones as known.
     */
    private static void failUnlessKnown(ExtensionContext context, SocketActivity activity,
                                        List<AssertionError> failures) {
        Baseline baseline = context.getRoot().getStore(NAMESPACE).get(BASELINE, Baseline.class);
        List<AssertionError> known = baseline == null ? List.of()
                : baseline.knownAmong(context.getRequiredTestClass().getName(),
                        context.getRequiredTestMethod().getName(), failures);
        List<AssertionError> unknown = failures;
        if (!known.isEmpty()) {
            unknown = new ArrayList<>(failures);
            unknown.removeAll(known);
        }
        ReportCollector.offer(context, activity, unknown, known);
        if (!unknown.isEmpty()) {
            fail(context, unknown);
        }
    }

    /**
     * Fails the test with the checks' failures, or adds them to its own failure as suppressed ones. Kept out of the
     * callback that runs after every test: compiled into JUnit's code, the larger callback cost JUnit's own annotation
     * look-ups their escape analysis, and more allocation per test ({@code SuiteAllocation} in the benchmarks
     * measures it).
     */
    private static void fail(ExtensionContext context, List<AssertionError> failures) {
        Optional<Throwable> testFailure = context.getExecutionException();
        if (testFailure.isPresent()) {
            failures.forEach(testFailure.get()::addSuppressed); // the test's own failure comes first
            return;
        }
        throw Verdicts.combine(failures);
    }

    /**
     * Hands what a test left open to its class's sweep, unless sweeps are off; once a sweep exists, every test of the
     * class is handed to it with when it ran, so that it can tell during which test a peer closed a connection.
     */
    private void sweepLater(ExtensionContext context, Session session, SocketActivity activity) {
        ClassSettings classSettings = classSettingsOf(context);
        ClassSweep sweep = classSettings.sweep();
        if (sweep == null && activity.connections().isEmpty()) {
            return; // most tests: nothing seen, and no earlier test of the class left anything open
        }
        LeftOpen left = session.watcher().leftOpen();
        if (!left.isEmpty() && sweepModes(context).follow()) {
            left = left.within(activity);
            if (sweep == null && !left.isEmpty()) {
                sweep = classSettings.sweepOrCreate();
            }
        }
        if (sweep != null) { // most classes have none: their tests closed what they opened
            Instant ended = Instant.now();
            Instant started = session.started() != null ? session.started() : ended;
            sweep.add(testName(context), context.getUniqueId(), started, ended, left);
        }
    }

    /** Names a test as the sweep's message does: {@code method()}, or the method and the invocation's name. */
    private static String testName(ExtensionContext context) {
        String method = context.getRequiredTestMethod().getName();
        String display = context.getDisplayName();
        return display.startsWith(method + "(") ? display : method + " " + display;
    }

    @Override
    public void afterAll(ExtensionContext context) {
        ClassSettings settings = context.getStore(NAMESPACE).get(context.getRequiredTestClass(), ClassSettings.class);
        ClassSweep sweep = settings == null ? null : settings.sweep();
        if (sweep == null) {
            return; // most classes: no test left a connection open
        }
        SweepModes modes = sweepModes(context);
        if (modes.forRun() != SweepModes.Mode.OFF) {
            runSweep(context, modes.forRun()).add(sweep); // it reports only what the class's look leaves
        }
        if (modes.forClass() == SweepModes.Mode.OFF) {
            return;
        }
        List<String> notes = new ArrayList<>();
        Optional<AssertionError> failure = SweepVerdict.of(sweep.look(notes),
                leaks -> ShouldNotLeakAfterTheirTests.shouldNotLeakAfterTheirTests(sweep.testClass(), leaks));
        notes.forEach(note -> context.publishReportEntry("socketwatch.sweep.note", note));
        if (failure.isPresent()) {
            if (modes.forClass() == SweepModes.Mode.FAIL) {
                throw failure.get();
            }
            context.publishReportEntry("socketwatch.sweep", failure.get().getMessage());
            System.err.println("socketwatch: " + failure.get().getMessage().strip());
        }
    }

    /** The sweep modes, read once per run and kept in the root store. */
    private static SweepModes sweepModes(ExtensionContext context) {
        ExtensionContext root = context.getRoot();
        return root.getStore(NAMESPACE).getOrComputeIfAbsent(SWEEP_MODES,
                key -> SweepModes.from(root::getConfigurationParameter), SweepModes.class);
    }

    /** The run's sweep, kept in the root store, which closes it when the engine's execution ends. */
    private static RunSweep runSweep(ExtensionContext context, SweepModes.Mode mode) {
        return context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent(RUN_SWEEP,
                key -> new RunSweep(mode, System.err), RunSweep.class);
    }

    /** Returns the context of the class whose test {@code context} is: its nearest ancestor with no test method. */
    private static ExtensionContext classContextOf(ExtensionContext context) {
        ExtensionContext classContext = context;
        while (classContext.getTestMethod().isPresent() && classContext.getParent().isPresent()) {
            classContext = classContext.getParent().get();
        }
        return classContext;
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == SocketWatcher.class
                && parameter.getDeclaringExecutable() instanceof java.lang.reflect.Method;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        Session session = Session.of(context);
        if (session == null) {
            throw new ParameterResolutionException("socketwatch: a SocketWatcher parameter is only available to a test "
                    + "method that socketwatch watches (not to lifecycle methods, nor under @NoSocketWatch)");
        }
        return session.watcher();
    }

    private ClassSettings classSettingsOf(ExtensionContext context) {
        ClassSettings seen = latest;
        if (seen == null || seen.testClass() != context.getRequiredTestClass()) {
            seen = classSettings(context, context.getStore(NAMESPACE));
            latest = seen;
        }
        return seen;
    }

    /**
     * The settings of the test class's methods, resolved once per class and kept in the class's store; {@code store}
     * is {@code context}'s, whose look-ups reach its ancestors' values.
     */
    private static ClassSettings classSettings(ExtensionContext context, ExtensionContext.Store store) {
        Class<?> testClass = context.getRequiredTestClass();
        ClassSettings settings = store.get(testClass, ClassSettings.class);
        if (settings == null) { // a race under parallel execution only resolves the class twice
            ExtensionContext classContext = classContextOf(context);
            ExtensionContext root = context.getRoot();
            settings = new ClassSettings(testClass, () -> parameters(root));
            classContext.getStore(NAMESPACE).put(testClass, settings);
        }
        return settings;
    }

    /** The configuration parameters, parsed once per run and kept in the root store. */
    private static Settings parameters(ExtensionContext context) {
        ExtensionContext.Store root = context.getRoot().getStore(NAMESPACE);
        Settings parsed = root.get(SETTINGS, Settings.class);
        if (parsed == null) {
            // the report listener reads these too, but only the extension can fail the tests with an invalid one
            ReportSettings.fromParameters(context::getConfigurationParameter);
            root.put(BASELINE, Baseline.fromParameters(context::getConfigurationParameter));
            parsed = Settings.fromParameters(context::getConfigurationParameter);
            root.put(SETTINGS, parsed);
        }
        return parsed;
    }

    /**
     * One test's recording, kept on the test's thread ({@link #SESSIONS}) from right before the test method until right
     * after it, when it is taken out and stopped. JUnit runs every afterTestExecution callback of a test whose
     * beforeTestExecution callbacks it started, so none is left behind.
     *
     * @param started when the test method started, where its class's sweep needs to know; else {@code null}
     * @param outer   the session of the test this one runs inside, on the same thread, or {@code null}
     */
    private record Session(ExtensionContext context, SocketWatcher watcher, Settings settings, Instant started,
                           Session outer) {

        /**
         * Stops the recording and returns its activity without the connections to the ignored endpoints and those
         * opened by the user's own test infrastructure.
         */
        SocketActivity stop() {
            SocketActivity activity = watcher.stop().excludingOpenedBy(settings.ignoreOpenedBy());
            for (Settings.HostPort ignored : settings.ignore()) {
                activity = activity.excluding(ignored.host(), ignored.port());
            }
            return activity;
        }

        /** Returns the calling thread's session of the test of {@code context}, or {@code null}. */
        static Session of(ExtensionContext context) {
            for (Session session = SESSIONS.get(); session != null; session = session.outer) {
                if (session.context == context) {
                    return session;
                }
            }
            return null;
        }

        /**
         * Takes the session of the test of {@code context} off the calling thread and returns it, or {@code null}.
         * Sessions nested in it, of tests that ended without their callbacks, are closed and dropped with it.
         */
        static Session remove(ExtensionContext context) {
            Session found = of(context);
            if (found == null) {
                return null;
            }
            for (Session inner = SESSIONS.get(); inner != found; inner = inner.outer) {
                inner.watcher.close();
            }
            SESSIONS.set(found.outer); // null when none: not removed, as the thread's next test reuses the entry
            return found;
        }
    }
}
