package io.socketwatch.internal.tracker;

import io.socketwatch.model.OpeningSite;
import java.util.List;

/**
 * The stack taken where a connection or resource was opened, kept as the JVM's compact backtrace of a
 * {@link Throwable} and turned into an {@link OpeningSite} only when a recording reports it: resolving method names
 * and line numbers costs several times more than the capture, and most connections are never reported one by one.
 * Resolved once, then shared.
 */
final class CapturedSite {

    /** The site of a connection socketwatch did not see being opened. */
    static final CapturedSite UNKNOWN = new CapturedSite(OpeningSite.UNKNOWN);

    private final String threadName;
    private Throwable capture; // dropped once resolved
    private volatile OpeningSite resolved;

    /** @param capture a throwable created at the site, never thrown: only its stack trace is used */
    CapturedSite(String threadName, Throwable capture) {
        this.threadName = threadName;
        this.capture = capture;
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
                    List<StackTraceElement> stack = OpeningSites.trim(capture.getStackTrace());
                    site = new OpeningSite(threadName, OpeningSites.applicationFrame(stack), stack);
                    resolved = site;
                    capture = null;
                }
            }
        }
        return site;
    }
}
