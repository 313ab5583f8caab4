package io.socketwatch.internal.tracker;

import io.socketwatch.internal.agent.SocketWatchAgent;
import java.lang.instrument.Instrumentation;

/**
 * Entry point for {@code -javaagent:socketwatch-core.jar}: installs socketwatch before the application's {@code main}
 * runs, so that every connection of the JVM is tracked from its opening, with its opening site.
 *
 * <p>Installing here rather than at the first recording also keeps the installation's burst of work (retransforming
 * the JDK's classes, which discards the JVM's compiled code the first time, and loading the table readers) out of the
 * test run's warm-up: made during a test framework's first tests, it leaves some of the framework's own code compiled
 * from incomplete profiles for the rest of the JVM's life (see the README's performance notes).
 */
public final class CommandLineAgent {

    private CommandLineAgent() {
    }

    /** Called by the JVM for {@code -javaagent}. Never throws: a failed installation is announced, as by any other. */
    public static void premain(String arguments, Instrumentation instrumentation) {
        SocketWatchAgent.premain(arguments, instrumentation);
        Recordings.install();
    }
}
