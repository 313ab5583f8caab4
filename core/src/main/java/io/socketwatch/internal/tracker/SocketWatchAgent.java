package io.socketwatch.internal.tracker;

import java.lang.instrument.Instrumentation;

/**
 * socketwatch's java agent entry class, which socketwatch-core's manifest names as both {@code Premain-Class} and
 * {@code Agent-Class}: the JVM hands it the instrumentation for {@code -javaagent:socketwatch-core.jar} ({@link
 * #premain}) and for a load at run time ({@link #agentmain}), and {@link Recordings} takes it from here. It lives with
 * the tracker, not in the agent package, because {@code premain} installs the tracker.
 *
 * <p>{@code premain} installs socketwatch before the application's {@code main} runs, so that every connection of the
 * JVM is tracked from its opening, with its opening site. Installing then rather than at the first recording also
 * keeps the installation's burst of work (retransforming the JDK's classes, which discards the JVM's compiled code the
 * first time, and loading the table readers) out of the test run's warm-up: made during a test framework's first
 * tests, it leaves some of the framework's own code compiled from incomplete profiles for the rest of the JVM's life
 * (see the README's performance notes).
 *
 * <p>Like {@link Recordings}, this class must not mention {@code SocketEvents} or its {@code Sink}.
 */
public final class SocketWatchAgent {

    private static volatile Instrumentation given;

    private SocketWatchAgent() {
    }

    /** Called by the JVM for {@code -javaagent}. Never throws: a failed installation is announced, as by any other. */
    public static void premain(String arguments, Instrumentation instrumentation) {
        given = instrumentation;
        Recordings.install();
    }

    /** Called by the JVM when the agent is loaded at run time; the installation under way then takes it from here. */
    public static void agentmain(String arguments, Instrumentation instrumentation) {
        given = instrumentation;
    }

    /**
     * Returns the instrumentation the JVM handed over through {@link #premain} or {@link #agentmain}, or {@code null}.
     * Public: {@code InProcessAttach} reads it from the copy of this class that the system class loader holds.
     */
    public static Instrumentation givenInstrumentation() {
        return given;
    }
}
