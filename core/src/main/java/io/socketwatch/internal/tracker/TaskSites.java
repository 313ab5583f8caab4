package io.socketwatch.internal.tracker;

/**
 * Where the tasks that keep their creator's site (Reactor's scheduler tasks) were created, and the task each thread
 * runs: a subscription that moved to a scheduler's thread runs in library code alone, and what it acquires takes the
 * line that scheduled it. Tasks created outside windows are not remembered.
 */
final class TaskSites {

    private static final ThreadLocal<PendingConnect> RUNNING = new ThreadLocal<>();

    private final BegunObjects created = new BegunObjects();

    /** Remembers {@code task}, created on the calling thread, in {@code window}. */
    void created(Object task, InstrumentedRecording window) {
        created.began(task, new PendingConnect(OpeningSites.capture(), window));
    }

    /** The calling thread starts running {@code task}, or ends the one it ran when {@code null}. */
    void running(Object task) {
        PendingConnect site = created.of(task);
        if (site != null) {
            RUNNING.set(site);
        } else {
            RUNNING.remove();
        }
    }

    /**
     * Returns {@code captured}, the calling thread's site, unless it names no application code and the thread runs a
     * task created in a window: then that task's site.
     */
    CapturedSite siteFor(CapturedSite captured) {
        PendingConnect task = RUNNING.get();
        return task == null || captured.resolve().frame() != null ? captured : task.site();
    }

    /** Forgets the tasks created in {@code window}, stopped. */
    void forget(InstrumentedRecording window) {
        created.forget(window);
    }
}
