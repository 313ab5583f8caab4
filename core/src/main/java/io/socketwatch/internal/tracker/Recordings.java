package io.socketwatch.internal.tracker;

import io.socketwatch.internal.agent.InProcessAttach;
import io.socketwatch.internal.agent.Instrumenter;
import io.socketwatch.internal.agent.NativeTransports;
import io.socketwatch.internal.os.ProcNetTcpReader;
import io.socketwatch.model.UntrackedSockets;
import java.lang.instrument.Instrumentation;
import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Duration;
import net.bytebuddy.agent.ByteBuddyAgent;

/**
 * The tracker's entry points. This class must not mention {@code SocketEvents} or its {@code Sink}: verifying it would
 * load them through the application class loader before the agent puts them on the bootstrap class path.
 *
 * <p>The first call installs the agent (from {@code -javaagent}, or by loading it into this JVM at run time); when
 * that is impossible it says why once, on standard error, and every recording runs in OS-only mode.
 */
public final class Recordings {

    /** Connections a window keeps by default; more are counted as dropped. */
    public static final int DEFAULT_MAX_CONNECTIONS = 10_000;

    private static final Object LOCK = new Object();
    private static volatile Installation installation;

    private Recordings() {
    }

    /** How this JVM is watched: by the agent, or only through the OS table. */
    sealed interface Installation permits Instrumented, OsOnly {
        Recording startRecording(Duration settleTimeout, int maxConnections, UntrackedSockets untracked);
    }

    private record Instrumented(ConnectionTracker tracker, StateLookup states) implements Installation {
        @Override
        public Recording startRecording(Duration settleTimeout, int maxConnections, UntrackedSockets untracked) {
            return tracker.openWindow(settleTimeout, maxConnections, states, looksForUntracked(untracked),
                    untracked == UntrackedSockets.AUTO);
        }
    }

    /** OS-only mode sees every socket of this process the same way: there is nothing untracked to look for. */
    private record OsOnly(String reason) implements Installation {
        @Override
        public Recording startRecording(Duration settleTimeout, int maxConnections, UntrackedSockets untracked) {
            return new OsOnlyRecording(new ProcNetTcpReader(), settleTimeout, Clock.systemUTC(), reason);
        }
    }

    /**
     * Installs the agent if it is not installed yet (idempotent, thread-safe). Never throws: when attach is impossible
     * the tracker announces OS-only mode once and recordings carry a note saying so.
     */
    public static void install() {
        installation();
    }

    /** Installs the agent if needed and opens a recording window on the calling thread. */
    public static Recording startRecording(Duration settleTimeout) {
        return startRecording(settleTimeout, DEFAULT_MAX_CONNECTIONS);
    }

    /**
     * Installs the agent if needed and opens a recording window on the calling thread that looks for sockets the
     * agent does not see as {@code untracked} says.
     */
    public static Recording startRecording(Duration settleTimeout, UntrackedSockets untracked) {
        return startRecording(settleTimeout, DEFAULT_MAX_CONNECTIONS, untracked);
    }

    /**
     * Installs the agent if needed and opens a recording window on the calling thread that keeps at most
     * {@code maxConnections} connections (more are counted in {@code SocketActivity.dropped()}).
     */
    public static Recording startRecording(Duration settleTimeout, int maxConnections) {
        return startRecording(settleTimeout, maxConnections, UntrackedSockets.AUTO);
    }

    /**
     * Installs the agent if needed and opens a recording window on the calling thread that keeps at most
     * {@code maxConnections} connections and looks for sockets the agent does not see as {@code untracked} says.
     */
    public static Recording startRecording(Duration settleTimeout, int maxConnections, UntrackedSockets untracked) {
        if (maxConnections < 1) {
            throw new IllegalArgumentException("maxConnections < 1: " + maxConnections);
        }
        return installation().startRecording(settleTimeout, maxConnections, untracked);
    }

    /** Decides whether a window looks for untracked sockets: {@code AUTO} once a native transport was loaded. */
    static boolean looksForUntracked(UntrackedSockets untracked) {
        return switch (untracked) {
            case ON -> true;
            case OFF -> false;
            case AUTO -> NativeTransports.loaded().isPresent();
        };
    }

    /** Returns whether connections are tracked by the agent, as opposed to OS-only mode. */
    public static boolean isInstrumented() {
        return installation() instanceof Instrumented;
    }

    private static Installation installation() {
        Installation installed = installation;
        if (installed == null) {
            synchronized (LOCK) {
                installed = installation;
                if (installed == null) {
                    installed = attempt();
                    installation = installed;
                }
            }
        }
        return installed;
    }

    private static Installation attempt() {
        Instrumentation instrumentation = SocketWatchAgent.givenInstrumentation();
        boolean attached = false;
        if (instrumentation == null) {
            try {
                instrumentation = attach();
                attached = true;
            } catch (RuntimeException e) {
                return osOnly("cannot attach its agent to this JVM (" + e.getMessage() + ")");
            }
        }
        Class<?> events;
        try {
            events = Instrumenter.instrument(instrumentation);
        } catch (Exception | LinkageError e) {
            return osOnly("cannot instrument the JDK's socket classes (" + e + ")");
        }
        try {
            Instrumenter.instrumentClients(instrumentation, events, problem -> System.err.println(
                    "socketwatch: cannot follow " + problem + "; its connections are still tracked as sockets"));
        } catch (RuntimeException | LinkageError e) {
            System.err.println("socketwatch: cannot follow client libraries (" + e + "); connections are still "
                    + "tracked as sockets");
        }
        try {
            Instrumenter.instrumentTls(instrumentation, events, problem -> System.err.println(
                    "socketwatch: cannot follow TLS through " + problem + "; a TLS handshake's turns count as "
                    + "exchanges"));
        } catch (RuntimeException | LinkageError e) {
            System.err.println("socketwatch: cannot follow TLS (" + e + "); a TLS handshake's turns count as "
                    + "exchanges");
        }
        try {
            Instrumenter.instrumentExecutors(instrumentation, events, problem -> System.err.println(
                    "socketwatch: cannot follow tasks through " + problem + "; connections such tasks open on pooled "
                    + "threads go to every test running then"));
        } catch (RuntimeException | LinkageError e) {
            System.err.println("socketwatch: cannot follow executor tasks (" + e + "); connections they open on "
                    + "pooled threads go to every test running then");
        }
        ConnectionTracker tracker = ConnectionTracker.installed(Clock.systemUTC());
        StateLookup states = StateLookup.preferringLookupsInBackground();
        try {
            NativeTransports.watch(instrumentation, () -> tracker.nativeTransportDefined(states));
        } catch (RuntimeException | LinkageError e) {
            System.err.println("socketwatch: cannot watch for native transports such as Netty's epoll (" + e + "); "
                    + "set socketwatch.closewait.untracked.default=on to look for their sockets in CLOSE_WAIT");
        }
        if (attached && Runtime.version().feature() >= 21 && !dynamicAgentLoadingEnabled()) {
            System.err.println("socketwatch: attached its agent at run time; add -XX:+EnableDynamicAgentLoading "
                    + "(or -javaagent:<socketwatch-core jar>) to the test JVM's argLine to silence the JDK's warning.");
        }
        return new Instrumented(tracker, states);
    }

    /**
     * Loads the agent in-process through the {@code DiagnosticCommand} MBean (no child JVM), or else through Byte
     * Buddy's attach, which spawns one when self-attach is disallowed and also works where socketwatch is not on the
     * system class path.
     *
     * @throws RuntimeException from Byte Buddy when neither works; the in-process failure is suppressed in it
     */
    private static Instrumentation attach() {
        try {
            return InProcessAttach.load(SocketWatchAgent.class);
        } catch (Exception | LinkageError inProcess) {
            if (jvmArguments().contains("-XX:+DisableAttachMechanism")) {
                // Byte Buddy would still try, and its attach emulation's signal makes such a JVM print a thread dump
                IllegalStateException refused = new IllegalStateException("it runs with -XX:+DisableAttachMechanism");
                refused.addSuppressed(inProcess);
                throw refused;
            }
            try {
                return ByteBuddyAgent.install();
            } catch (RuntimeException e) {
                e.addSuppressed(inProcess);
                throw e;
            }
        }
    }

    private static Installation osOnly(String why) {
        System.err.println("socketwatch: " + why + "; running in OS-only mode: connections are seen only in the OS "
                + "table, without opening sites or per-test attribution. Add -javaagent:<socketwatch-core jar> to the "
                + "test JVM's argLine to fix this.");
        return new OsOnly(why);
    }

    private static boolean dynamicAgentLoadingEnabled() {
        return jvmArguments().contains("-XX:+EnableDynamicAgentLoading");
    }

    /** The JVM's options, including those from {@code JAVA_TOOL_OPTIONS}. */
    private static java.util.List<String> jvmArguments() {
        return ManagementFactory.getRuntimeMXBean().getInputArguments();
    }
}
