package io.socketwatch;

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

    /** Returns the application frame as a stack trace prints it, e.g. {@code com.acme.Client.fetch(Client.java:42)}. */
    @Override
    public String toString() {
        return frame != null ? frame.toString() : "unknown site";
    }
}
