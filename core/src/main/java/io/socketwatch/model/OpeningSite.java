package io.socketwatch.model;

import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * Where a connection was opened: the opening thread, the whole stack at connect or accept, and the frame a reader
 * is pointed to, the first one outside the JDK, socketwatch and known client-library internals.
 *
 * @param threadName the thread that opened the connection
 * @param frame      the first frame of application code, or {@code null} if every frame belongs to the JDK or a library
 * @param stack      the stack at connect or accept, innermost first, down to the application frame and a few of its
 *                   callers; empty if it was not captured
 */
public record OpeningSite(String threadName, StackTraceElement frame, List<StackTraceElement> stack) {

    /** The site of a connection socketwatch did not see being opened. */
    public static final OpeningSite UNKNOWN = new OpeningSite("?", null, List.of());

    public OpeningSite {
        Objects.requireNonNull(threadName, "threadName");
        stack = List.copyOf(stack);
    }

    /** Returns {@code File.java:line} of the application frame, or {@code "unknown site"}. */
    public String location() {
        if (frame == null) {
            return "unknown site";
        }
        String file = frame.getFileName() != null ? frame.getFileName() : frame.getClassName();
        return frame.getLineNumber() >= 0 ? file + ":" + frame.getLineNumber() : file;
    }

    /**
     * Returns the application frame as a stack trace prints it, e.g. {@code com.acme.Client.fetch(Client.java:42)}.
     * For a connection opened by library code alone (a Netty event loop, a client's own thread), the first frame
     * outside the JDK and the thread, e.g. {@code io.netty...NioSocketChannel.doConnect(NioSocketChannel.java:337)
     * (library code only, on thread nioEventLoopGroup-2-1)}; {@code "unknown site"} when no stack was taken.
     */
    @Override
    public String toString() {
        if (frame != null) {
            return frame.toString();
        }
        if (stack.isEmpty()) {
            return "unknown site";
        }
        StackTraceElement library = firstOutsideJdk();
        return library != null ? library + " (library code only, on thread " + threadName + ")"
                : "unknown site (JDK code only, on thread " + threadName + ")";
    }

    /**
     * Returns the class that opened the connection: the application frame's, else the first frame's outside the JDK
     * (library code alone); {@code "?"} when no stack was taken or every frame is the JDK's.
     */
    public String className() {
        StackTraceElement opener = frame != null ? frame : firstOutsideJdk();
        return opener != null ? opener.getClassName() : "?";
    }

    /** Returns whether {@link #className()} starts with one of {@code classNamePrefixes}. */
    public boolean isIn(Collection<String> classNamePrefixes) {
        String className = className();
        for (String prefix : classNamePrefixes) {
            if (className.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    private StackTraceElement firstOutsideJdk() {
        for (StackTraceElement each : stack) {
            if (!isJdk(each.getClassName())) {
                return each;
            }
        }
        return null;
    }

    private static boolean isJdk(String className) {
        return className.startsWith("java.") || className.startsWith("javax.") || className.startsWith("jdk.")
                || className.startsWith("sun.") || className.startsWith("com.sun.");
    }
}
