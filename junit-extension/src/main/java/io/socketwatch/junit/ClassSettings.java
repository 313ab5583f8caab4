package io.socketwatch.junit;

import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * Decides whether socketwatch watches a test class and each of its test methods, and with which {@link Settings}.
 *
 * <p>The nearest of {@link NoSocketWatch @NoSocketWatch} and {@link SocketWatch @SocketWatch} (method, class, then
 * enclosing classes) decides; every {@code @SocketWatch} of those, outermost first, overrides the configuration
 * parameters. Annotations do not change during a run, so the class is looked at once and each method once, however
 * many times it runs (repetitions, parameters, templates): annotation look-ups cost more than an empty test. An
 * invalid attribute is not remembered: every test that meets it fails with it.
 */
final class ClassSettings {

    private final Class<?> testClass;
    /** The configuration parameters, parsed only once a test is watched: an invalid one fails only those. */
    private final Supplier<Settings> parameters;
    /** Whether the class chain turns watching on: its nearest annotation, or on when it has none. */
    private final boolean classWatched;
    /** The {@code @SocketWatch} annotations of the class chain, outermost first. */
    private final List<SocketWatch> classAnnotations;
    private final Map<Method, Optional<Settings>> methods = new ConcurrentHashMap<>();
    /** The look at the end of the class, once one of its tests left a connection open; {@code null} before. */
    private volatile ClassSweep sweep;

    ClassSettings(Class<?> testClass, Supplier<Settings> parameters) {
        this.testClass = testClass;
        this.parameters = parameters;
        Boolean decided = null;
        List<SocketWatch> annotations = new ArrayList<>();
        for (Class<?> type = testClass; type != null; type = type.getEnclosingClass()) {
            if (decided == null) {
                decided = decision(type);
            }
            AnnotationSupport.findAnnotation(type, SocketWatch.class).ifPresent(found -> annotations.add(0, found));
        }
        // no annotation at all: registered by auto-detection or @ExtendWith, so watched
        this.classWatched = decided == null || decided;
        this.classAnnotations = List.copyOf(annotations);
    }

    /** The test class these settings are for. */
    Class<?> testClass() {
        return testClass;
    }

    /** Returns the class's sweep, or {@code null} while none of its tests left a connection open. */
    ClassSweep sweep() {
        return sweep;
    }

    /** Returns the class's sweep, created now if none of its tests left a connection open before. */
    synchronized ClassSweep sweepOrCreate() {
        if (sweep == null) {
            sweep = new ClassSweep(testClass.getName());
        }
        return sweep;
    }

    /** The settings of the class itself (its class-level callbacks), or empty when it is not watched. */
    Optional<Settings> forClass() {
        return classWatched ? Optional.of(classSettings()) : Optional.empty();
    }

    /** The settings of a test method of the class, or empty when it is not watched. */
    Optional<Settings> forMethod(Method method) {
        Optional<Settings> resolved = methods.get(method); // the common case allocates nothing
        return resolved != null ? resolved : methods.computeIfAbsent(method, this::resolve);
    }

    private Optional<Settings> resolve(Method method) {
        Boolean decided = decision(method);
        if (decided == null ? !classWatched : !decided) {
            return Optional.empty();
        }
        Optional<SocketWatch> own = AnnotationSupport.findAnnotation(method, SocketWatch.class);
        return Optional.of(own.isPresent() ? classSettings().with(own.get()) : classSettings());
    }

    private Settings classSettings() {
        Settings settings = parameters.get();
        for (SocketWatch annotation : classAnnotations) {
            settings = settings.with(annotation);
        }
        return settings;
    }

    /** What {@code element}'s own annotations say: off, on, or nothing ({@code null}). */
    private static Boolean decision(AnnotatedElement element) {
        if (AnnotationSupport.isAnnotated(element, NoSocketWatch.class)) {
            return false;
        }
        if (AnnotationSupport.isAnnotated(element, SocketWatch.class)) {
            return true;
        }
        return null;
    }
}
