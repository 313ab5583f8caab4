package io.socketwatch.junit.internal;

import io.socketwatch.SocketActivity;
import io.socketwatch.SocketWatcher;
import io.socketwatch.junit.SocketWatch;
import io.socketwatch.internal.tracker.Tracker;
import java.util.List;
import java.util.Optional;
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
 * configured checks right after the method, and publishes a report entry for every test.
 */
public class SocketWatchExtension implements BeforeAllCallback, BeforeTestExecutionCallback,
        AfterTestExecutionCallback, ParameterResolver {

    private static final Namespace NAMESPACE = Namespace.create(SocketWatchExtension.class);
    private static final String SETTINGS = "settings";
    private static final String SESSION = "session";

    @Override
    public void beforeAll(ExtensionContext context) {
        if (classSettings(context, context.getStore(NAMESPACE)).forClass().isPresent()) {
            Tracker.install();
        }
    }

    @Override
    public void beforeTestExecution(ExtensionContext context) {
        ExtensionContext.Store store = context.getStore(NAMESPACE); // also sees the class's store
        Optional<Settings> settings = classSettings(context, store).forMethod(context.getRequiredTestMethod());
        if (settings.isPresent()) {
            store.put(SESSION, new Session(SocketWatcher.start(settings.get().settleTimeout(),
                    settings.get().untrackedToLookFor()), settings.get()));
        }
    }

    @Override
    public void afterTestExecution(ExtensionContext context) {
        Session session = context.getStore(NAMESPACE).remove(SESSION, Session.class);
        if (session == null) {
            return;
        }
        SocketActivity activity = session.stop(); // also the release: nothing needs the window after this
        for (Settings.HostPort ignored : session.settings().ignore()) {
            activity = activity.excluding(ignored.host(), ignored.port());
        }
        context.publishReportEntry(Verdicts.reportEntry(activity));
        List<AssertionError> failures = Verdicts.check(activity, session.settings());
        if (failures.isEmpty()) {
            return;
        }
        Optional<Throwable> testFailure = context.getExecutionException();
        if (testFailure.isPresent()) {
            failures.forEach(testFailure.get()::addSuppressed); // the test's own failure comes first
            return;
        }
        throw Verdicts.combine(failures);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == SocketWatcher.class
                && parameter.getDeclaringExecutable() instanceof java.lang.reflect.Method;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        Session session = context.getStore(NAMESPACE).get(SESSION, Session.class);
        if (session == null) {
            throw new ParameterResolutionException("socketwatch: a SocketWatcher parameter is only available to a test "
                    + "method that socketwatch watches (not to lifecycle methods, nor under @NoSocketWatch)");
        }
        return session.watcher();
    }

    /**
     * The settings of the test class's methods, resolved once per class and kept in the class's store; {@code store}
     * is {@code context}'s, whose look-ups reach its ancestors' values.
     */
    private static ClassSettings classSettings(ExtensionContext context, ExtensionContext.Store store) {
        Class<?> testClass = context.getRequiredTestClass();
        ClassSettings settings = store.get(testClass, ClassSettings.class);
        if (settings == null) { // a race under parallel execution only resolves the class twice
            ExtensionContext classContext = context;
            while (classContext.getTestMethod().isPresent() && classContext.getParent().isPresent()) {
                classContext = classContext.getParent().get();
            }
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
            parsed = Settings.fromParameters(context::getConfigurationParameter);
            root.put(SETTINGS, parsed);
        }
        return parsed;
    }

    /**
     * One test's recording, kept in the test's store from right before the test method until right after it, when it
     * is taken out and stopped; closing is idempotent, so the store closing a session still in it is harmless.
     */
    private record Session(SocketWatcher watcher, Settings settings) implements AutoCloseable {

        SocketActivity stop() {
            return watcher.stop();
        }

        @Override
        public void close() {
            watcher.close();
        }
    }
}
