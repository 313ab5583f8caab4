package io.socketwatch.internal.tracker;

import java.lang.ref.Reference;
import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The windows executor tasks run in: a task submitted on a thread that belongs to a recording window runs in that
 * window, on whichever thread runs it, from its start to its end; the thread's own window comes back afterwards.
 *
 * <p>Nothing here is held strongly: a task is remembered by a weak key (with the submitting thread's weak reference
 * to its window) until it is collected, until its last run lent by a window starts, or until a run that leaves a
 * {@code ForkJoinTask} done ends, so a task never run pins nothing and the map holds only live tasks submitted in
 * windows. A running task is marked in a per-thread chain of frames, nested when a task runs another inline; a task's
 * end costs every thread a thread-local read.
 *
 * <p>Starts and ends are reported by calls inserted at a method's entry and normal return, so an end can be missed
 * when the run throws. Such a stale frame is dropped when an enclosing task ends, or when the thread's executor takes
 * its next task ({@code outermost}); a task whose window has stopped is never started in it, and a stopped window
 * records nothing, so a missed end cannot misattribute for longer than its window records.
 *
 * <p>A {@code ForkJoinTask} is created in a window when the creating thread is in one: a test's thread, or a pool's
 * thread running a task of that window (so a parallel stream's subtasks, which the pool's threads create, are the
 * stream's window's). Where it runs, it runs in that window ({@link #startingForkJoinTask}). A pool's thread waiting
 * for a task runs other queued tasks inside it, whoever created them: one of another window runs in its own, and one
 * created outside windows (or whose window stopped) runs in the thread's own window, the one it has outside every
 * task, never in the window of the task it was taken up in. A task created outside windows that a window's thread
 * runs itself, through {@code invoke}, runs in that thread's window: it is the thread's own.
 */
final class TaskWindows {

    /** Deepest nesting of tasks run inline that is followed; deeper tasks run in the enclosing one's window. */
    static final int MAX_NESTED = 16;
    /** The window of a task created outside windows, which a frame needs: none. */
    private static final WeakReference<InstrumentedRecording> NO_WINDOW = new WeakReference<>(null);

    private final InheritableThreadLocal<WeakReference<InstrumentedRecording>> threadWindow;
    /** The innermost task each thread runs in a submitter's window. */
    private final ThreadLocal<Frame> running = new ThreadLocal<>();
    private final ConcurrentHashMap<Object, Submitted> submitted = new ConcurrentHashMap<>();
    private final ReferenceQueue<Object> collected = new ReferenceQueue<>();

    /** A task, weakly, with its submitter's window; it is its own map entry's key and value. */
    private static final class Submitted extends SocketKey.Weak {

        final WeakReference<InstrumentedRecording> window;
        /** Runs still lent the window, for a task submitted once per run; {@code null} for a one-submission task. */
        final AtomicInteger runsLeft;

        Submitted(Object task, ReferenceQueue<Object> queue, WeakReference<InstrumentedRecording> window, boolean perRun) {
            super(task, queue);
            this.window = window;
            this.runsLeft = perRun ? new AtomicInteger(1) : null;
        }
    }

    /** A task running on this thread in its submitter's window, and the thread's window before it started. */
    private record Frame(Submitted task, WeakReference<InstrumentedRecording> before, Frame outer, int depth) {
    }

    /** @param threadWindow the thread's window, which a running task replaces and its end restores */
    TaskWindows(InheritableThreadLocal<WeakReference<InstrumentedRecording>> threadWindow) {
        this.threadWindow = threadWindow;
    }

    /**
     * Remembers that {@code task} runs in {@code window}, the submitting thread's, if it records: for as long as the
     * task lives, or, {@code perRun}, for one more run. A {@code Runnable} given to an executor again and again, by
     * threads of different windows or of none, thus runs in a window only as often as that window gave it.
     */
    void submitted(Object task, WeakReference<InstrumentedRecording> window, boolean perRun) {
        InstrumentedRecording target = window.get();
        if (target == null || !target.isRecording()) {
            return;
        }
        Submitted known = submitted.get(SocketKey.probe(task));
        if (known != null && known.window == window) {
            if (perRun && known.runsLeft != null) {
                known.runsLeft.incrementAndGet();
            }
            return; // or reported twice: submit() creates its FutureTask, then executes it
        }
        drainCollected();
        Submitted entry = new Submitted(task, collected, window, perRun);
        submitted.put(entry, entry);
    }

    /** The calling thread starts {@code task}: from now on it is in the task's window, if it has one recording. */
    void starting(Object task, boolean outermost) {
        if (outermost) {
            Frame stale = running.get();
            if (stale != null) { // an end was missed: the thread's own window comes back first
                unwind(stale, null);
            }
        }
        if (submitted.isEmpty()) {
            return;
        }
        Submitted known = submitted.get(SocketKey.probe(task));
        if (known == null) {
            return;
        }
        if (known.runsLeft != null && known.runsLeft.decrementAndGet() <= 0) {
            submitted.remove(known, known); // its last run lent: given again outside the window, it runs in none
        }
        InstrumentedRecording window = known.window.get();
        if (window == null || !window.isRecording()) {
            return;
        }
        enter(known, known.window, outermost ? null : running.get());
    }

    /**
     * The calling thread starts {@code task}, a {@code ForkJoinTask}: in the window of the thread that created it, if
     * that one records; otherwise in the calling thread's own window, the one it has outside every task, and never in
     * the window of a task it is running around this one. A {@code ForkJoinPool}'s thread that waits for a task (a
     * {@code join}, an {@code invoke}) runs other queued tasks meanwhile, whoever created them: a task of no window
     * taken up that way inside a window's task is not that window's.
     */
    void startingForkJoinTask(Object task) {
        Submitted known = submitted.isEmpty() ? null : submitted.get(SocketKey.probe(task));
        InstrumentedRecording window = known == null ? null : known.window.get();
        if (window != null && window.isRecording()) {
            enter(known, known.window, running.get());
            return;
        }
        Frame outer = running.get();
        if (outer == null) {
            return; // in the thread's own window already
        }
        Frame oldest = outer;
        while (oldest.outer() != null) {
            oldest = oldest.outer();
        }
        enter(known != null ? known : new Submitted(task, null, NO_WINDOW, false), oldest.before(), outer);
    }

    /** Pushes a frame for {@code task} above {@code outer}, in {@code window} ({@code null}: none), unless too deep. */
    private void enter(Submitted task, WeakReference<InstrumentedRecording> window, Frame outer) {
        int depth = outer == null ? 1 : outer.depth() + 1;
        if (depth > MAX_NESTED) {
            return;
        }
        running.set(new Frame(task, threadWindow.get(), outer, depth));
        if (window == null) {
            threadWindow.remove();
        } else {
            threadWindow.set(window);
        }
    }

    /**
     * The calling thread finished {@code task}: the window it had before the task comes back. Frames of tasks
     * nested in it whose end was missed go with it.
     */
    void ended(Object task) {
        end(task);
    }

    /**
     * The calling thread finished a run of {@code task}, a {@code ForkJoinTask}, as {@link #ended}; once the task is
     * done it is forgotten at once, as it runs no more, rather than when it is collected, which a test creating
     * millions of tasks in a window outruns. A task that is not done yet may run again: a {@code CountedCompleter}
     * (a parallel stream's) forks itself again while it runs.
     */
    void endedForkJoinTask(ForkJoinTask<?> task) {
        Submitted ended = end(task);
        if (ended != null && task.isDone()) {
            // not cleared: an outer frame of the same task, run again nested, still finds it by its referent
            submitted.remove(ended, ended);
        }
    }

    /** Unwinds the innermost frame of {@code task} and those above it; returns its task, or {@code null}. */
    private Submitted end(Object task) {
        // not guarded by the map being empty: a Runnable's last lent run has left it when it starts
        Frame top = running.get();
        for (Frame frame = top; frame != null; frame = frame.outer()) {
            if (frame.task().get() == task) {
                unwind(top, frame.outer());
                return frame.task();
            }
        }
        return null;
    }

    /** Returns how many submitted tasks are remembered: those alive, or collected and not yet drained. */
    int remembered() {
        drainCollected();
        return submitted.size();
    }

    /** Pops frames from {@code top} down to {@code keep}, restoring the window the thread had before them. */
    private void unwind(Frame top, Frame keep) {
        Frame oldest = top;
        while (oldest.outer() != keep) {
            oldest = oldest.outer();
        }
        WeakReference<InstrumentedRecording> before = oldest.before();
        if (before == null) {
            threadWindow.remove();
        } else {
            threadWindow.set(before);
        }
        if (keep == null) {
            running.remove();
        } else {
            running.set(keep);
        }
    }

    /** Forgets the tasks collected since the last call. */
    void drainCollected() {
        Reference<?> gone;
        while ((gone = collected.poll()) != null) {
            submitted.remove(gone);
        }
    }
}
