package io.socketwatch.internal.tracker;

import io.socketwatch.internal.agent.boot.SocketEvents;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Captures where a connection is opened: the stack below socketwatch's own frames, and the first frame that belongs
 * to neither the JDK nor a known client library, which is the one a reader wants to see.
 */
final class OpeningSites {

    /** Frames kept per stack: enough to reach application code under deep client libraries. */
    static final int MAX_FRAMES = 96;

    /** Packages whose frames are never "the opening site": the JDK and client-library internals. */
    private static final List<String> LIBRARY_PREFIXES = List.of(
            "java.", "javax.", "jdk.", "sun.", "com.sun.", "kotlin.", "kotlinx.",
            "okhttp3.", "okio.", "mockwebserver3.", "org.apache.hc.", "org.apache.http.",
            "org.postgresql.", "com.zaxxer.hikari.", "io.netty.", "com.mysql.", "org.mariadb.", "oracle.jdbc.",
            "com.microsoft.sqlserver.", "org.h2.", "reactor.");

    /**
     * Keeps class references, so that a frame's class is known without resolving its method: resolution (names, line
     * numbers) is left to {@link CapturedSite#resolve()}. Its first batch is small: a larger one costs more to set up than a second batch when one is needed.
     */
    private static final StackWalker WALKER = StackWalker.getInstance(
            java.util.Set.of(StackWalker.Option.RETAIN_CLASS_REFERENCE), 16);
    private static final String EVENTS = SocketEvents.class.getName();

    private OpeningSites() {
    }

    /** Frames kept below the application frame: its callers, for context. */
    static final int CALLER_FRAMES = 8;

    /**
     * Captures the calling thread's site; called from within a socket event. The stack is kept from the connect down
     * to the application frame and {@value #CALLER_FRAMES} of its callers (at most {@value #MAX_FRAMES} frames):
     * the test framework's frames further down cost time to walk and say nothing about the connection.
     */
    static CapturedSite capture() {
        List<StackWalker.StackFrame> stack = WALKER.walk(frames -> {
            List<StackWalker.StackFrame> kept = new ArrayList<>();
            int callers = -1; // frames kept since the application frame, -1 before it
            for (Iterator<StackWalker.StackFrame> below = belowEvents(frames).iterator();
                 below.hasNext() && kept.size() < MAX_FRAMES && callers < CALLER_FRAMES; ) {
                StackWalker.StackFrame frame = below.next();
                kept.add(frame);
                if (callers >= 0 || !isLibrary(frame.getDeclaringClass().getName())) {
                    callers++;
                }
            }
            return kept;
        });
        return new CapturedSite(Thread.currentThread().getName(), stack);
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

    /** Drops the tracker's own frames: everything up to and including the bootstrap relay. */
    private static Stream<StackWalker.StackFrame> belowEvents(Stream<StackWalker.StackFrame> frames) {
        boolean[] passedEvents = {false};
        return frames.dropWhile(frame -> {
            boolean isEvents = frame.getDeclaringClass().getName().equals(EVENTS);
            if (isEvents) {
                passedEvents[0] = true;
                return true;
            }
            return !passedEvents[0];
        });
    }
}
