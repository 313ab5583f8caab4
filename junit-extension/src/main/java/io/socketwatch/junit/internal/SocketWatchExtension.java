package io.socketwatch.junit.internal;

import io.socketwatch.SocketActivity;
import io.socketwatch.SocketWatcher;
import io.socketwatch.junit.NoSocketWatch;
import io.socketwatch.junit.SocketWatch;
import io.socketwatch.internal.tracker.Tracker;
import java.lang.reflect.AnnotatedElement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.AfterTestExecutionCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeTestExecutionCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.Namespace;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * The extension behind {@link SocketWatch @SocketWatch}, also registered for JUnit's extension auto-detection
 * (whole-build mode). Installs the agent before the class runs, records each test method in its own window, runs the
 * configured checks right after the method, and publishes a report entry for every test.
 */
public class SocketWatchExtension implements BeforeAllCallback, BeforeTestExecutionCallback,
        AfterTestExecutionCallback, AfterEachCallback, ParameterResolver {

    private static final Namespace NAMESPACE = Namespace.create(SocketWatchExtension.class);
    private static final String SETTINGS = "settings";
    private static final String SESSION = "session";

    @Override
    public void beforeAll(ExtensionContext context) {
        if (watched(context)) {
            settings(context);
            Tracker.install();
        }
    }

    @Override
    public void beforeTestExecution(ExtensionContext context) {
        if (!watched(context)) {
            return;
        }
        Settings settings = settings(context);
        context.getStore(NAMESPACE).put(SESSION, new Session(SocketWatcher.start(settings.settleTimeout()), settings));
    }

    @Override
    public void afterTestExecution(ExtensionContext context) {
        Session session = context.getStore(NAMESPACE).get(SESSION, Session.class);
        if (session == null) {
            return;
        }
        SocketActivity activity = session.stop();
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
    public void afterEach(ExtensionContext context) {
        Session session = context.getStore(NAMESPACE).remove(SESSION, Session.class);
        if (session != null) {
            session.close();
        }
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

    /** Returns whether the nearest of {@code @SocketWatch} and {@code @NoSocketWatch} turns watching on. */
    private static boolean watched(ExtensionContext context) {
        for (AnnotatedElement element : elements(context)) {
            if (AnnotationSupport.isAnnotated(element, NoSocketWatch.class)) {
                return false;
            }
            if (AnnotationSupport.isAnnotated(element, SocketWatch.class)) {
                return true;
            }
        }
        return true; // registered without the annotation: auto-detection or @ExtendWith
    }

    private static Settings settings(ExtensionContext context) {
        Settings settings = parameters(context);
        List<AnnotatedElement> elements = elements(context);
        for (int i = elements.size() - 1; i >= 0; i--) { // outermost first, so the nearest applies last
            Optional<SocketWatch> annotation = AnnotationSupport.findAnnotation(elements.get(i), SocketWatch.class);
            if (annotation.isPresent()) {
                settings = settings.with(annotation.get());
            }
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

    /** The test method (if any), its class, then the enclosing classes, nearest first. */
    private static List<AnnotatedElement> elements(ExtensionContext context) {
        List<AnnotatedElement> elements = new ArrayList<>();
        context.getTestMethod().ifPresent(elements::add);
        Class<?> type = context.getTestClass().orElse(null);
        while (type != null) {
            elements.add(type);
            type = type.getEnclosingClass();
        }
        return elements;
    }

    /** One test's recording, kept in the store: stopped after the test method, closed after {@code @AfterEach}. */
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
