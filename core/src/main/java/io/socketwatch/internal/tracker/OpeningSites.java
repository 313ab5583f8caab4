package io.socketwatch.internal.tracker;

import io.socketwatch.internal.agent.boot.SocketEvents;
import java.util.Arrays;
import java.util.List;

/**
 * Captures where a connection is opened: the stack below socketwatch's own frames, and the first frame that belongs
 * to neither the JDK nor a known client library, which is the one a reader wants to see.
 */
final class OpeningSites {

    /** Frames kept per stack: enough to reach application code under deep client libraries. */
    static final int MAX_FRAMES = 96;

    /** Frames kept below the application frame: its callers, for context. */
    static final int CALLER_FRAMES = 8;

    /** Packages whose frames are never "the opening site": the JDK and client-library internals. */
    private static final List<String> LIBRARY_PREFIXES = List.of(
            "java.", "javax.", "jdk.", "sun.", "com.sun.", "kotlin.", "kotlinx.",
            "okhttp3.", "okio.", "mockwebserver3.", "org.apache.hc.", "org.apache.http.",
            "org.postgresql.", "com.zaxxer.hikari.", "io.netty.", "com.mysql.", "org.mariadb.", "oracle.jdbc.",
            "com.microsoft.sqlserver.", "org.h2.", "reactor.", "org.springframework.", "io.grpc.");

    private static final String EVENTS = SocketEvents.class.getName();

    private OpeningSites() {
    }

    /**
     * Captures the calling thread's site; called from within a socket event. Only the JVM's compact record of the
     * stack is taken here (a {@link Throwable}'s backtrace, several times cheaper than a stack walk); names and line
     * numbers are resolved when the site is reported, by {@link #trim}.
     */
    static CapturedSite capture() {
        return new CapturedSite(Thread.currentThread().getName(), new Throwable());
    }

    /**
     * Returns the part of a captured stack worth keeping: from the connect below socketwatch's own frames (everything
     * up to and including the bootstrap relay) down to the application frame and {@value #CALLER_FRAMES} of its
     * callers, at most {@value #MAX_FRAMES} frames. The test framework's frames further down say nothing about the
     * connection.
     */
    static List<StackTraceElement> trim(StackTraceElement[] captured) {
        int from = 0;
        for (int i = 0; i < captured.length; i++) {
            if (captured[i].getClassName().equals(EVENTS)) {
                from = i + 1;
            }
        }
        int to = Math.min(captured.length, from + MAX_FRAMES);
        for (int i = from, callers = -1; i < to; i++) {
            if (callers >= 0 || !isLibrary(captured[i].getClassName())) {
                callers++;
            }
            if (callers == CALLER_FRAMES) {
                to = i + 1;
                break;
            }
        }
        return List.of(Arrays.copyOfRange(captured, from, to));
    }

    /** Returns the first frame of application code in {@code stack}, or {@code null}. */
    static StackTraceElement applicationFrame(List<StackTraceElement> stack) {
        for (StackTraceElement frame : stack) {
            if (!isLibrary(frame.getClassName())) {
                return frame;
            }
        }
        return null;
    }

    private static boolean isLibrary(String className) {
        for (String prefix : LIBRARY_PREFIXES) {
            if (className.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }
}
