package io.socketwatch.internal.agent;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.instrument.Instrumentation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;

/**
 * Installs socketwatch's instrumentation: puts {@code SocketEvents} on the bootstrap class path and inserts calls to it
 * into the JDK's socket classes ({@link #instrument}), the client libraries ({@link #instrumentClients}) and the JDK's
 * executors ({@link #instrumentExecutors}). The tracker calls these once it has an {@link Instrumentation}; the JVM
 * hands that to the agent's entry class, which lives with the tracker.
 * The hooks are inserted by a {@link HookTransformer}: Byte Buddy's agent builder is not used, as its start-up alone
 * took longer than the whole installation does now.
 */
public final class Instrumenter {

    /** Named, never referenced as a class literal here: it must first be loaded by the bootstrap class loader. */
    static final String SOCKET_EVENTS = "io.socketwatch.internal.agent.boot.SocketEvents";

    private Instrumenter() {
    }

    /**
     * Puts {@code SocketEvents} on the bootstrap class path and retransforms the JDK's socket classes to report to it.
     * Call once per JVM.
     *
     * @return the bootstrap-loaded {@code SocketEvents} class
     * @throws IOException if the bootstrap jar cannot be written, or a socket class cannot be instrumented
     */
    public static Class<?> instrument(Instrumentation instrumentation) throws IOException {
        defineInBootstrapLoader(instrumentation);
        Class<?> events;
        try {
            events = Class.forName(SOCKET_EVENTS, true, null);
        } catch (ClassNotFoundException e) {
            throw new IOException("the bootstrap class loader does not see " + SOCKET_EVENTS, e);
        }
        Module javaBase = Object.class.getModule();
        // java.base must read the module SocketEvents is in; java.net and sun.nio.ch must be open to the tracker
        // (SocketImpl's getters, and the one getsockname that reads a socket's local address), and sun.net and
        // sun.net.www.http (whether HttpURLConnection's keep-alive cache holds a socket)
        Set<Module> tracker = Set.of(Instrumenter.class.getModule());
        instrumentation.redefineModule(javaBase, Set.of(events.getModule()), Map.of(),
                Map.of("java.net", tracker, "sun.nio.ch", tracker, "sun.net", tracker, "sun.net.www.http", tracker),
                Set.of(), Map.of());

        List<String> problems = java.util.Collections.synchronizedList(new ArrayList<>());
        HookTransformer transformer = new HookTransformer(Hooks.jdkSockets(), reaching(instrumentation, events),
                problems::add);
        List<Class<?>> targets = new ArrayList<>();
        for (String name : transformer.classNames()) {
            try {
                targets.add(Class.forName(name));
            } catch (ClassNotFoundException e) {
                throw new IOException("this JDK has no " + name + "; socketwatch supports JDK 17 and later", e);
            }
        }
        instrumentation.addTransformer(transformer, true);
        try {
            instrumentation.retransformClasses(targets.toArray(Class<?>[]::new));
        } catch (Exception | LinkageError e) {
            problems.add(targets + ": " + e);
        }
        List<String> done = new ArrayList<>();
        for (String name : transformer.classNames()) {
            if (transformer.hasTransformed(name)) {
                done.add(name);
            }
        }
        if (!problems.isEmpty() || done.size() != targets.size()) {
            instrumentation.removeTransformer(transformer);
            throw new IOException("instrumented " + done + " of " + targets.size() + " socket classes: "
                    + String.join("; ", problems));
        }
        return events;
    }

    /**
     * Instruments the client libraries socketwatch follows at the level of calls and connections they hand out:
     * OkHttp, JDBC's {@code DriverManager}, HikariCP and Apache HttpClient 5. Classes already loaded are
     * retransformed now; the others are instrumented when they load, if they ever do. Call after {@link #instrument}.
     *
     * @param problems told, one line each, about every class that cannot be instrumented: during this call, and
     *                 later on the thread that loads it; a library's absence is none
     */
    public static void instrumentClients(Instrumentation instrumentation, Class<?> events, Consumer<String> problems) {
        List<Class<?>> loaded = new ArrayList<>();
        try {
            // loaded, not initialised, so that drivers are not looked up before the application does
            loaded.add(Class.forName(Hooks.DRIVER_MANAGER.replace('/', '.'), false,
                    ClassLoader.getPlatformClassLoader()));
        } catch (ClassNotFoundException e) {
            problems.accept("JDBC's DriverManager: " + e); // java.sql is not in this run-time image
        }
        instrumentNowAndOnLoad(instrumentation, Hooks.clients(), events, loaded, problems);
    }

    /**
     * Instruments the JDK's TLS ({@link Hooks#tls()}), so that a TLS connection's exchanges are turns of application
     * data, and opens the packages whose fields tell which socket a TLS end runs over ({@code sun.security.ssl}, and
     * the JDK {@code HttpClient}'s {@code jdk.internal.net.http}) to the tracker. Classes already loaded are
     * retransformed now, the others when they load. Call after {@link #instrument}. Optional: without it, a TLS
     * handshake's turns count as exchanges.
     *
     * @param problems told, one line each, about every class that cannot be instrumented
     */
    public static void instrumentTls(Instrumentation instrumentation, Class<?> events, Consumer<String> problems) {
        Set<Module> tracker = Set.of(Instrumenter.class.getModule());
        instrumentation.redefineModule(Object.class.getModule(), Set.of(), Map.of(),
                Map.of("sun.security.ssl", tracker), Set.of(), Map.of());
        ModuleLayer.boot().findModule("java.net.http").ifPresent(httpClient -> instrumentation.redefineModule(
                httpClient, Set.of(), Map.of(), Map.of("jdk.internal.net.http", tracker), Set.of(), Map.of()));
        instrumentNowAndOnLoad(instrumentation, Hooks.tls(), events, new ArrayList<>(), problems);
    }

    /**
     * Inserts {@code hooks} into their classes: those loaded already, with {@code loaded}, now, one at a time; the
     * others when they load, if they ever do.
     */
    private static void instrumentNowAndOnLoad(Instrumentation instrumentation, List<Hook> hooks, Class<?> events,
                                               List<Class<?>> loaded, Consumer<String> problems) {
        HookTransformer transformer = new HookTransformer(hooks, reaching(instrumentation, events), problems);
        instrumentation.addTransformer(transformer, true);
        List<String> names = transformer.classNames();
        for (Class<?> type : instrumentation.getAllLoadedClasses()) {
            if (names.contains(type.getName()) && !loaded.contains(type)) {
                loaded.add(type);
            }
        }
        retransformEach(instrumentation, loaded, problems);
    }

    /**
     * Instruments the JDK's executor tasks ({@link Hooks#jdkExecutors()}), so that a task runs in the window of the
     * thread that submitted it. Call after {@link #instrument}. Optional: without it, such connections go to every
     * window, as unattributed.
     *
     * @param problems told, one line each, about every class that cannot be instrumented
     */
    public static void instrumentExecutors(Instrumentation instrumentation, Class<?> events,
                                           Consumer<String> problems) {
        HookTransformer transformer = new HookTransformer(Hooks.jdkExecutors(), reaching(instrumentation, events),
                problems);
        instrumentation.addTransformer(transformer, true);
        List<Class<?>> targets = new ArrayList<>();
        for (String name : transformer.classNames()) {
            try {
                targets.add(Class.forName(name, false, null)); // java.base's: loaded, not initialised
            } catch (ClassNotFoundException e) {
                problems.accept(name + ": " + e);
            }
        }
        try {
            instrumentation.retransformClasses(targets.toArray(Class<?>[]::new)); // one pause of the JVM for all
        } catch (Exception | LinkageError e) {
            retransformEach(instrumentation, targets, problems);
        }
    }

    /** Retransforms one class at a time: a class that cannot be retransformed spoils no other. */
    private static void retransformEach(Instrumentation instrumentation, List<Class<?>> classes,
                                        Consumer<String> problems) {
        for (Class<?> type : classes) {
            try {
                instrumentation.retransformClasses(type);
            } catch (Exception | LinkageError e) {
                problems.accept(type.getName() + ": " + e);
            }
        }
    }

    /**
     * Makes sure the hooks of a class can reach {@code events}, the relay they call, since they have no try block to
     * catch a linkage error: its module is made to read the relay's (a named module does not), and its class loader
     * must find the bootstrap relay (one that does not delegate to the bootstrap class loader is refused).
     */
    private static BiConsumer<Module, ClassLoader> reaching(Instrumentation instrumentation, Class<?> events) {
        Module relay = events.getModule();
        return (module, loader) -> {
            if (module != null && !module.canRead(relay)) {
                instrumentation.redefineModule(module, Set.of(relay), Map.of(), Map.of(), Set.of(), Map.of());
            }
            if (loader != null) {
                Class<?> found;
                try {
                    found = Class.forName(SOCKET_EVENTS, false, loader);
                } catch (ClassNotFoundException | LinkageError e) {
                    found = null;
                }
                if (found != events) {
                    throw new IllegalStateException("its class loader " + loader + " does not see socketwatch's "
                            + "bootstrap relay " + SOCKET_EVENTS);
                }
            }
        };
    }

    /**
     * Defines {@code SocketEvents} and its {@code Sink} in the bootstrap class loader, from their class files. Defining
     * them directly leaves the bootstrap class path alone, so the JVM keeps class-data sharing and prints no warning;
     * where that is refused, they go in a jar appended to the bootstrap class path.
     */
    private static void defineInBootstrapLoader(Instrumentation instrumentation) throws IOException {
        try {
            // the JDK's internal Unsafe, exported to socketwatch alone: unlike sun.misc.Unsafe it warns about nothing
            Class<?> unsafeType = Class.forName("jdk.internal.misc.Unsafe");
            instrumentation.redefineModule(unsafeType.getModule(), Set.of(),
                    Map.of("jdk.internal.misc", Set.of(Instrumenter.class.getModule())), Map.of(), Set.of(),
                    Map.of());
            Object unsafe = unsafeType.getMethod("getUnsafe").invoke(null);
            java.lang.reflect.Method defineClass = unsafeType.getMethod("defineClass", String.class, byte[].class,
                    int.class, int.class, ClassLoader.class, java.security.ProtectionDomain.class);
            for (String name : List.of(SOCKET_EVENTS + "$Sink", SOCKET_EVENTS)) {
                byte[] bytes = classFile(name);
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
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file)) {
            for (String name : List.of(SOCKET_EVENTS, SOCKET_EVENTS + "$Sink")) {
                out.putNextEntry(new JarEntry(name.replace('.', '/') + ".class"));
                out.write(classFile(name));
                out.closeEntry();
            }
        }
        return jar;
    }

    /** Reads one of socketwatch's class files as a resource, without loading the class. */
    private static byte[] classFile(String className) throws IOException {
        String resource = "/" + className.replace('.', '/') + ".class";
        try (InputStream in = Instrumenter.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException("no " + resource + " next to " + Instrumenter.class.getName());
            }
            return in.readAllBytes();
        }
    }
}
