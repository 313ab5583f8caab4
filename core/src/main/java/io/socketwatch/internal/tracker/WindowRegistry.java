package io.socketwatch.internal.tracker;

import io.socketwatch.model.TcpConnection.Origin;
import java.lang.ref.WeakReference;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ForkJoinTask;

/**
 * The recording windows open in the JVM, and the window each thread records in: the one it opened, or the one of the
 * thread that created it (an inheritable thread-local), or, while it runs an executor task, the one of the thread that
 * submitted the task ({@link TaskWindows}). A thread refers to its window weakly.
 */
final class WindowRegistry {

    private static final InheritableThreadLocal<WeakReference<InstrumentedRecording>> CURRENT_WINDOW =
            new InheritableThreadLocal<>();
    private static final WeakReference<InstrumentedRecording> NO_WINDOW = new WeakReference<>(null);

    private final List<InstrumentedRecording> windows = new CopyOnWriteArrayList<>();
    private final TaskWindows tasks = new TaskWindows(CURRENT_WINDOW);

    /** Returns the calling thread's window, or {@code null}; one that stopped recording may still be returned. */
    InstrumentedRecording current() {
        WeakReference<InstrumentedRecording> current = CURRENT_WINDOW.get();
        return current == null ? null : current.get();
    }

    /** Returns the calling thread's reference to its window, which a window opened now nests in; never {@code null}. */
    WeakReference<InstrumentedRecording> currentReference() {
        WeakReference<InstrumentedRecording> current = CURRENT_WINDOW.get();
        return current == null ? NO_WINDOW : current;
    }

    /**
     * Registers {@code window}, just opened on the calling thread, and makes it the thread's window; threads it creates
     * from now on belong to it too. Windows of different threads open at once mark each other as overlapped.
     */
    void opened(InstrumentedRecording window) {
        windows.add(window);
        // after adding: of two windows opened at once on two threads, the later add sees the earlier window
        // alone, as in most tests: no loop
        for (InstrumentedRecording other : windows.size() < 2 ? List.<InstrumentedRecording>of() : windows) {
            if (other.openedBy != window.openedBy) {
                other.overlapped();
                window.overlapped();
            }
        }
        CURRENT_WINDOW.set(new WeakReference<>(window));
    }

    /**
     * Removes a stopped window; the calling thread no longer belongs to it, but again to the window it belonged to
     * when this one was opened, if that one still records.
     */
    void stopped(InstrumentedRecording window) {
        windows.remove(window);
        tasks.drainCollected();
        WeakReference<InstrumentedRecording> current = CURRENT_WINDOW.get();
        if (current != null && current.get() == window) {
            InstrumentedRecording outer = window.outer.get();
            if (outer != null && outer.isRecording()) {
                CURRENT_WINDOW.set(window.outer); // a window opened inside another on this thread
            } else {
                CURRENT_WINDOW.set(NO_WINDOW); // not removed: the thread's next window reuses the entry
            }
        }
    }

    /**
     * Adds a connection just opened to {@code window}, the opening thread's, if it records; otherwise to every open
     * window, as {@link Origin#UNATTRIBUTED}.
     */
    void admit(TrackedConnection connection, InstrumentedRecording window) {
        if (window != null && window.isRecording()) {
            window.add(connection, Origin.WINDOW);
        } else {
            for (InstrumentedRecording each : windows) {
                each.add(connection, Origin.UNATTRIBUTED);
            }
        }
    }

    /**
     * Adds a connection opened before the agent was installed, just seen on its first read or write, to every open
     * window's baseline: it was open when they started.
     */
    void adopted(TrackedConnection connection) {
        for (InstrumentedRecording each : windows) {
            each.addBaseline(connection);
        }
    }

    /**
     * Returns the windows that something obtained on the calling thread goes to: the thread's window if it records,
     * otherwise every open window; empty outside windows.
     */
    List<InstrumentedRecording> recipients() {
        InstrumentedRecording window = current();
        return window != null && window.isRecording() ? List.of(window) : List.copyOf(windows);
    }

    void taskSubmitted(Object task, boolean perRun) {
        if (windows.isEmpty()) {
            return; // every task of the JVM comes here: outside windows, at the cost of a volatile read
        }
        WeakReference<InstrumentedRecording> current = CURRENT_WINDOW.get();
        if (current != null && current.get() != null) {
            tasks.submitted(task, current, perRun);
        }
    }

    void taskStarting(Object task, boolean outermost) {
        tasks.starting(task, outermost);
    }

    void forkJoinTaskStarting(Object task) {
        if (windows.isEmpty()) {
            return; // every ForkJoinTask run comes here; a frame would only lend a window that no longer records
        }
        tasks.startingForkJoinTask(task);
    }

    void forkJoinTaskEnded(Object task) {
        tasks.endedForkJoinTask((ForkJoinTask<?>) task);
    }

    void taskEnded(Object task) {
        tasks.ended(task);
    }
}
