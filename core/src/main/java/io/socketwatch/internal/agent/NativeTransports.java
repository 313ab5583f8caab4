package io.socketwatch.internal.agent;

import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.security.ProtectionDomain;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Notices whether this JVM has loaded a network transport whose sockets socketwatch's hooks never see: Netty's
 * native transports (epoll, kqueue, io_uring), shaded copies included (gRPC's {@code io.grpc.netty.shaded...}). They
 * open, read and close sockets in native code, not through the JDK's socket classes.
 *
 * <p>Watching costs a look at each class name as the JVM defines the class (one {@code indexOf} for a name without
 * {@code netty/}), and nothing once a transport was seen; classes loaded before the watch are looked at once.
 */
public final class NativeTransports {

    /** Packages, in internal form, of transports that open sockets natively; matched anywhere in a class name. */
    private static final String[] PACKAGES = {
        "netty/channel/epoll/", "netty/channel/kqueue/", "netty/channel/uring/", "netty/incubator/channel/uring/"
    };

    private static volatile String firstSeen;

    private NativeTransports() {
    }

    /** Returns the first class of a native transport this JVM loaded, as a binary name, or empty if none yet. */
    public static Optional<String> loaded() {
        return Optional.ofNullable(firstSeen);
    }

    /**
     * Starts watching class definitions for native transports, then looks at the classes already loaded. Call once,
     * after the agent's installation.
     *
     * @param definedLater run once, on the defining thread, when the first transport class is defined after this
     *                     call (not when one was loaded before it); it must return at once and never throw
     */
    public static void watch(Instrumentation instrumentation, Runnable definedLater) {
        Watch watch = new Watch(name -> firstSeen = name, definedLater);
        instrumentation.addTransformer(watch, false); // not on retransforms: they define nothing new
        watch.lookAt(instrumentation.getAllLoadedClasses());
        if (watch.hasSeen()) {
            instrumentation.removeTransformer(watch);
        }
    }

    /** Returns whether {@code internalName} ({@code a/b/C}) is a class of a native transport. */
    static boolean isNativeTransport(String internalName) {
        int netty = internalName.indexOf("netty/");
        if (netty < 0) {
            return false; // nearly every class
        }
        for (String transport : PACKAGES) {
            if (internalName.indexOf(transport, netty) >= 0) {
                return true;
            }
        }
        return false;
    }

    /**
     * Tells {@code sighted} the binary name of the first native transport class it sees, once, then runs {@code
     * defined} if it saw that class being defined.
     */
    static final class Watch implements ClassFileTransformer {

        private final Consumer<String> sighted;
        private final Runnable defined;
        private volatile boolean seen;

        Watch(Consumer<String> sighted, Runnable defined) {
            this.sighted = sighted;
            this.defined = defined;
        }

        boolean hasSeen() {
            return seen;
        }

        /** Looks at classes defined before the watch began. */
        void lookAt(Class<?>[] loaded) {
            for (int i = 0; i < loaded.length && !seen; i++) {
                lookAt(loaded[i].getName());
            }
        }

        /** Looks at a class by its binary name ({@code a.b.C}). */
        void lookAt(String binaryName) {
            if (binaryName.contains("netty") && isNativeTransport(binaryName.replace('.', '/'))) {
                see(binaryName);
            }
        }

        @Override
        public byte[] transform(Module module, ClassLoader loader, String className, Class<?> classBeingRedefined,
                                ProtectionDomain protectionDomain, byte[] classFile) {
            if (!seen && className != null && isNativeTransport(className) && see(className.replace('/', '.'))) {
                defined.run();
            }
            return null; // never changes a class
        }

        /** Returns whether this was the first sighting. */
        private synchronized boolean see(String name) {
            if (seen) {
                return false;
            }
            seen = true;
            sighted.accept(name);
            return true;
        }
    }
}
