package io.socketwatch.report;

import java.util.Objects;

/**
 * A failure a baseline file lists as known: a test, the check that failed and where the connection it names was
 * opened. A known failure is reported but does not fail its test, so that a suite that already leaks can switch
 * socketwatch on and fail only on new problems.
 *
 * @param className  the test class's binary name
 * @param methodName the test method's name
 * @param check      what the failure message expected, e.g. {@code leak no connection}
 * @param site       {@code File.java:line} of the first connection or resource the message names, or
 *                   {@code unknown site}
 * @since 0.1
 */
public record KnownFailure(String className, String methodName, String check, String site) {

    public KnownFailure {
        Objects.requireNonNull(className, "className");
        Objects.requireNonNull(methodName, "methodName");
        Objects.requireNonNull(check, "check");
        Objects.requireNonNull(site, "site");
    }

    /** Returns {@code Class.method: expected to <check>, opened at <site>}. */
    @Override
    public String toString() {
        return className.substring(className.lastIndexOf('.') + 1) + "." + methodName + ": expected to " + check
                + ", opened at " + site;
    }
}
