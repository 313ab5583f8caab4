package io.socketwatch.internal.tracker;

import io.socketwatch.OpeningSite;
import java.util.ArrayList;
import java.util.List;

/**
 * The stack frames taken where a connection or resource was opened, kept as the stack walker returned them and
 * turned into an {@link OpeningSite} only when a recording reports it: resolving method names and line numbers costs
 * more than the walk itself, and most connections are never reported one by one. Resolved once, then shared.
 */
final class CapturedSite {

    /** The site of a connection socketwatch did not see being opened. */
    static final CapturedSite UNKNOWN = new CapturedSite(OpeningSite.UNKNOWN);

    private final String threadName;
    private List<StackWalker.StackFrame> frames; // dropped once resolved
    private volatile OpeningSite resolved;

    CapturedSite(String threadName, List<StackWalker.StackFrame> frames) {
        this.threadName = threadName;
        this.frames = frames;
    }

    private CapturedSite(OpeningSite resolved) {
        this.threadName = resolved.threadName();
        this.resolved = resolved;
    }

    /** Returns the opening site, resolving the frames on the first call (thread-safe). */
    OpeningSite resolve() {
        OpeningSite site = resolved;
        if (site == null) {
            synchronized (this) {
                site = resolved;
                if (site == null) {
                    List<StackTraceElement> stack = new ArrayList<>(frames.size());
                    for (StackWalker.StackFrame frame : frames) {
                        stack.add(frame.toStackTraceElement());
                    }
                    site = new OpeningSite(threadName, OpeningSites.applicationFrame(stack), stack);
                    resolved = site;
                    frames = null;
                }
            }
        }
        return site;
    }
}
