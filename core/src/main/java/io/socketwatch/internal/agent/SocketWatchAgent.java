package io.socketwatch.internal.agent;

import static net.bytebuddy.matcher.ElementMatchers.isConstructor;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.none;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import java.io.FileDescriptor;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.instrument.Instrumentation;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.agent.builder.AgentBuilder.RedefinitionStrategy;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.pool.TypePool;
import net.bytebuddy.utility.JavaModule;

/**
 * Installs socketwatch's instrumentation. Entry point for {@code -javaagent:socketwatch-core.jar} ({@link #premain})
 * and for attaching at run time ({@link #agentmain}); the tracker calls {@link #instrument} itself after a self-attach.
 */
public final class SocketWatchAgent {

    /** Named, never referenced as a class literal here: it must first be loaded by the bootstrap class loader. */
    static final String SOCKET_EVENTS = "io.socketwatch.internal.agent.boot.SocketEvents";
    private static final String ADVICE = "io.socketwatch.internal.agent.SocketAdvice$";

    static final String NIO_SOCKET_IMPL = "sun.nio.ch.NioSocketImpl";
    static final String SOCKET_CHANNEL_IMPL = "sun.nio.ch.SocketChannelImpl";
    static final String SERVER_SOCKET_CHANNEL_IMPL = "sun.nio.ch.ServerSocketChannelImpl";

    private static final String NEXUS_DISABLED = "net.bytebuddy.nexus.disabled";
    private static final String CLIENT_ADVICE = "io.socketwatch.internal.agent.ClientAdvice$";
    static final String DRIVER_MANAGER = "java.sql.DriverManager";
    static final String OKHTTP_CALL = "okhttp3.internal.connection.RealCall";
    static final String OKHTTP_CONNECT_PLAN = "okhttp3.internal.connection.ConnectPlan";
    static final String HIKARI_DATA_SOURCE = "com.zaxxer.hikari.HikariDataSource";
    static final String APACHE_MANAGER = "org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager";
    static final String APACHE_ENDPOINT = APACHE_MANAGER + "$InternalConnectionEndpoint";

    private static volatile Instrumentation fromCommandLine;

    private SocketWatchAgent() {
    }

    /** Called by the JVM for {@code -javaagent}: only remembers the instrumentation; the tracker instruments lazily. */
    public static void premain(String arguments, Instrumentation instrumentation) {
        fromCommandLine = instrumentation;
    }

    /** Called by the JVM when the agent is attached at run time. */
    public static void agentmain(String arguments, Instrumentation instrumentation) {
        fromCommandLine = instrumentation;
    }

    /** Returns the instrumentation handed over by {@code -javaagent} or an attach, or {@code null}. */
    public static Instrumentation givenInstrumentation() {
        return fromCommandLine;
    }

    /**
     * Puts {@code SocketEvents} on the bootstrap class path and retransforms the JDK's socket classes to report to it.
     * Call once per JVM.
     *
     * @return the bootstrap-loaded {@code SocketEvents} class
     * @throws IOException if the bootstrap jar cannot be written
     */
    public static Class<?> instrument(Instrumentation instrumentation) throws IOException {
        disableNexusUnlessConfigured();
        defineInBootstrapLoader(instrumentation);
        Class<?> events;
        try {
            events = Class.forName(SOCKET_EVENTS, true, null);
        } catch (ClassNotFoundException e) {
            throw new IOException("the bootstrap class loader does not see " + SOCKET_EVENTS, e);
        }
        Module javaBase = Object.class.getModule();
        // java.base must read the module SocketEvents is in; java.net must be open to the tracker (SocketImpl's getters)
        instrumentation.redefineModule(javaBase, Set.of(events.getModule()), Map.of(),
                Map.of("java.net", Set.of(SocketWatchAgent.class.getModule())), Set.of(), Map.of());

        List<Class<?>> targets = new ArrayList<>();
        for (String name : List.of(NIO_SOCKET_IMPL, SOCKET_CHANNEL_IMPL, SERVER_SOCKET_CHANNEL_IMPL)) {
            try {
                targets.add(Class.forName(name));
            } catch (ClassNotFoundException e) {
                throw new IOException("this JDK has no " + name + "; socketwatch supports JDK 17 and later", e);
            }
        }
        InstallListener listener = new InstallListener();
        new AgentBuilder.Default()
                .disableClassFormatChanges()
                .with(RedefinitionStrategy.RETRANSFORMATION)
                .with(new RedefinitionStrategy.DiscoveryStrategy.Explicit(targets.toArray(Class<?>[]::new)))
                .with(AgentBuilder.InitializationStrategy.NoOp.INSTANCE)
                .with(AgentBuilder.TypeStrategy.Default.DECORATE)
                .with(listener)
                .ignore(none())
                .type(named(NIO_SOCKET_IMPL))
                .transform((builder, type, loader, module, domain) -> builder
                        .visit(advice("Connected")
                                .on(named("connect").and(takesArguments(SocketAddress.class, int.class))))
                        .visit(advice("ImplAccept").on(named("accept").and(takesArguments(1))))
                        .visit(advice("Closing").on(named("close").and(takesArguments(0))))
                        .visit(advice("Read")
                                .on(named("read").and(takesArguments(byte[].class, int.class, int.class))))
                        .visit(advice("WriteFully")
                                .on(named("write").and(takesArguments(byte[].class, int.class, int.class)))))
                .type(named(SOCKET_CHANNEL_IMPL))
                .transform((builder, type, loader, module, domain) -> builder
                        .visit(advice("ChannelConnect")
                                .on(named("connect").and(takesArguments(SocketAddress.class))))
                        .visit(advice("FinishConnect").on(named("finishConnect")))
                        .visit(advice("Connected").on(named("blockingConnect")))
                        .visit(advice("Closing").on(named("implCloseSelectableChannel")))
                        .visit(advice("Read").on(named("read").and(takesArguments(ByteBuffer.class))
                                .or(named("read").and(takesArguments(ByteBuffer[].class, int.class, int.class)))
                                .or(named("blockingRead"))))
                        .visit(advice("Write").on(named("write").and(takesArguments(ByteBuffer.class))
                                .or(named("write").and(takesArguments(ByteBuffer[].class, int.class, int.class)))))
                        .visit(advice("WriteFully").on(named("blockingWriteFully"))))
                .type(named(SERVER_SOCKET_CHANNEL_IMPL))
                .transform((builder, type, loader, module, domain) -> builder
                        .visit(advice("ChannelAccept")
                                .on(named("finishAccept").and(takesArguments(FileDescriptor.class, SocketAddress.class)))))
                .installOn(instrumentation);
        listener.throwIfFailed(targets.size());
        return events;
    }

    /**
     * Instruments the client libraries socketwatch follows at the level of calls and connections they hand out:
     * OkHttp, JDBC's {@code DriverManager}, HikariCP and Apache HttpClient 5. Classes already loaded are
     * retransformed; the others are instrumented when they load, if they ever do. Call after {@link #instrument}.
     *
     * @return what could not be instrumented, one line each; empty when all went well
     */
    public static List<String> instrumentClients(Instrumentation instrumentation, Class<?> events) {
        List<String> problems = new ArrayList<>();
        try {
            // DriverManager is loaded, not initialised, so that drivers are not looked up before the application does
            Class<?> driverManager = Class.forName(DRIVER_MANAGER, false, ClassLoader.getPlatformClassLoader());
            instrumentation.redefineModule(driverManager.getModule(), Set.of(events.getModule()), Map.of(), Map.of(),
                    Set.of(), Map.of());
        } catch (ClassNotFoundException | RuntimeException e) {
            problems.add("JDBC's DriverManager: " + e);
        }
        Set<String> names = Set.of(DRIVER_MANAGER, OKHTTP_CALL, OKHTTP_CONNECT_PLAN, HIKARI_DATA_SOURCE, APACHE_ENDPOINT, APACHE_MANAGER);
        List<Class<?>> loaded = new ArrayList<>();
        for (Class<?> type : instrumentation.getAllLoadedClasses()) {
            if (names.contains(type.getName())) {
                loaded.add(type);
            }
        }
        ClientListener listener = new ClientListener(problems);
        new AgentBuilder.Default()
                .disableClassFormatChanges()
                .with(RedefinitionStrategy.RETRANSFORMATION)
                .with(new RedefinitionStrategy.DiscoveryStrategy.Explicit(loaded.toArray(Class<?>[]::new)))
                .with(AgentBuilder.InitializationStrategy.NoOp.INSTANCE)
                .with(AgentBuilder.TypeStrategy.Default.DECORATE)
                .with(listener)
                .ignore(none())
                .type(named(DRIVER_MANAGER))
                .transform((builder, type, loader, module, domain) -> builder
                        .visit(clientAdvice("DriverManagerGetConnection").on(named("getConnection")
                                .and(takesArguments(String.class, java.util.Properties.class, Class.class)))))
                .type(named(OKHTTP_CALL))
                .transform((builder, type, loader, module, domain) -> builder
                        .visit(clientAdvice("OkHttpCallStart").on(named("callStart").and(takesArguments(0))))
                        .visit(clientAdvice("OkHttpCallDone").on(named("callDone").and(takesArguments(1)))))
                .type(named(OKHTTP_CONNECT_PLAN))
                .transform((builder, type, loader, module, domain) -> builder
                        .visit(clientAdvice("OkHttpConnectTcp").on(named("connectTcp").and(takesArguments(0)))))
                .type(named(HIKARI_DATA_SOURCE))
                .transform((builder, type, loader, module, domain) -> builder
                        .visit(clientAdvice("HikariGetConnection").on(named("getConnection").and(takesArguments(0)))))
                .type(named(APACHE_ENDPOINT))
                .transform((builder, type, loader, module, domain) -> builder
                        .visit(clientAdvice("ApacheLease").on(isConstructor().and(takesArguments(1)))))
                .type(named(APACHE_MANAGER))
                .transform((builder, type, loader, module, domain) -> builder
                        .visit(clientAdvice("ApacheRelease").on(named("release").and(takesArguments(3)))))
                .installOn(instrumentation);
        // A class loaded while Byte Buddy was transforming another (a nested class it looked at) is not transformed
        // on loading: it is retransformed now.
        for (Class<?> type : instrumentation.getAllLoadedClasses()) {
            if (names.contains(type.getName()) && !listener.transformed.contains(type.getName())) {
                try {
                    instrumentation.retransformClasses(type);
                } catch (Exception | LinkageError e) {
                    problems.add(type.getName() + ": " + e);
                }
            }
        }
        return problems;
    }

    /**
     * socketwatch initialises nothing through Byte Buddy's Nexus, whose set-up calls {@code sun.misc.Unsafe} and makes
     * JDK 24+ print a four-line warning: it is turned off, unless the user configured it. Byte Buddy reads the
     * property once, so this holds for every agent builder of this Byte Buddy in the JVM.
     */
    private static void disableNexusUnlessConfigured() {
        if (System.getProperty(NEXUS_DISABLED) == null) {
            System.setProperty(NEXUS_DISABLED, "true");
        }
    }

    /** Reads advice from class files, so that loading it cannot load {@code SocketEvents} too early. */
    private static Advice advice(String name) {
        return adviceOf(ADVICE + name);
    }

    private static Advice clientAdvice(String name) {
        return adviceOf(CLIENT_ADVICE + name);
    }

    private static Advice adviceOf(String className) {
        ClassFileLocator locator = ClassFileLocator.ForClassLoader.of(SocketWatchAgent.class.getClassLoader());
        return Advice.to(TypePool.Default.of(locator).describe(className).resolve(), locator);
    }

    /**
     * Defines {@code SocketEvents} and its {@code Sink} in the bootstrap class loader, from their class files. Defining
     * them directly leaves the bootstrap class path alone, so the JVM keeps class-data sharing and prints no warning;
     * where that is refused, they go in a jar appended to the bootstrap class path.
     */
    private static void defineInBootstrapLoader(Instrumentation instrumentation) throws IOException {
        ClassFileLocator ours = ClassFileLocator.ForClassLoader.of(SocketWatchAgent.class.getClassLoader());
        try {
            // the JDK's internal Unsafe, exported to socketwatch alone: unlike sun.misc.Unsafe it warns about nothing
            Class<?> unsafeType = Class.forName("jdk.internal.misc.Unsafe");
            instrumentation.redefineModule(unsafeType.getModule(), Set.of(),
                    Map.of("jdk.internal.misc", Set.of(SocketWatchAgent.class.getModule())), Map.of(), Set.of(),
                    Map.of());
            Object unsafe = unsafeType.getMethod("getUnsafe").invoke(null);
            java.lang.reflect.Method defineClass = unsafeType.getMethod("defineClass", String.class, byte[].class,
                    int.class, int.class, ClassLoader.class, java.security.ProtectionDomain.class);
            for (String name : List.of(SOCKET_EVENTS + "$Sink", SOCKET_EVENTS)) {
                byte[] bytes = ours.locate(name).resolve();
                defineClass.invoke(unsafe, name, bytes, 0, bytes.length, null, null);
            }
        } catch (ReflectiveOperationException | RuntimeException | LinkageError refused) {
            instrumentation.appendToBootstrapClassLoaderSearch(new java.util.jar.JarFile(bootJar().toFile()));
        }
    }

    /** Writes a jar holding {@code SocketEvents} and its {@code Sink}, read as class files without loading them. */
    private static Path bootJar() throws IOException {
        Path jar = Files.createTempFile("socketwatch-boot-", ".jar");
        jar.toFile().deleteOnExit();
        ClassFileLocator ours = ClassFileLocator.ForClassLoader.of(SocketWatchAgent.class.getClassLoader());
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file)) {
            for (String name : List.of(SOCKET_EVENTS, SOCKET_EVENTS + "$Sink")) {
                out.putNextEntry(new JarEntry(name.replace('.', '/') + ".class"));
                out.write(ours.locate(name).resolve());
                out.closeEntry();
            }
        }
        return jar;
    }

    /** Turns Byte Buddy's errors on client classes into problems to report; a library's absence is none. */
    private static final class ClientListener extends AgentBuilder.Listener.Adapter {

        private final List<String> problems;

        ClientListener(List<String> problems) {
            this.problems = problems;
        }

        private final Set<String> transformed = java.util.concurrent.ConcurrentHashMap.newKeySet();

        @Override
        public void onTransformation(net.bytebuddy.description.type.TypeDescription type, ClassLoader loader,
                                     JavaModule module, boolean loaded, net.bytebuddy.dynamic.DynamicType dynamicType) {
            transformed.add(type.getName());
        }

        @Override
        public void onError(String typeName, ClassLoader loader, JavaModule module, boolean loaded,
                            Throwable throwable) {
            String problem = typeName + ": " + throwable;
            synchronized (problems) {
                problems.add(problem);
            }
            if (!loaded) { // instrumented on loading, after the install returned: say it now
                System.err.println("socketwatch: cannot follow " + problem);
            }
        }
    }

    /** Collects what Byte Buddy reports while retransforming, so that a failure is not silent. */
    private static final class InstallListener extends AgentBuilder.Listener.Adapter {

        private final List<String> transformed = new ArrayList<>();
        private final List<Throwable> errors = new ArrayList<>();

        @Override
        public synchronized void onTransformation(net.bytebuddy.description.type.TypeDescription type,
                                                  ClassLoader loader, JavaModule module, boolean loaded,
                                                  net.bytebuddy.dynamic.DynamicType dynamicType) {
            transformed.add(type.getName());
        }

        @Override
        public synchronized void onError(String typeName, ClassLoader loader, JavaModule module, boolean loaded,
                                         Throwable throwable) {
            errors.add(new IllegalStateException("cannot instrument " + typeName, throwable));
        }

        synchronized void throwIfFailed(int expected) throws IOException {
            if (!errors.isEmpty() || transformed.size() != expected) {
                IOException failure = new IOException("instrumented " + transformed + " of " + expected
                        + " socket classes");
                errors.forEach(failure::addSuppressed);
                throw failure;
            }
        }
    }
}
