package io.socketwatch.internal.tracker;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.RecursiveAction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/**
 * {@link TaskWindows} driven directly, as the inserted calls drive it, with real windows: what a missed end leaves
 * behind and what undoes it, nesting, and that tasks are held weakly. Each test has its own instance and its own
 * thread window, so the agent's tracker, which sees none of these tasks, is not involved.
 */
@EnabledOnOs(OS.LINUX)
class TaskWindowsTests {

    private final InheritableThreadLocal<WeakReference<InstrumentedRecording>> threadWindow = new InheritableThreadLocal<>();
    private final TaskWindows tasks = new TaskWindows(threadWindow);
    private final List<InstrumentedRecording> opened = new ArrayList<>();
    private WeakReference<InstrumentedRecording> first;
    private WeakReference<InstrumentedRecording> second;

    @BeforeAll
    static void installAgent() {
        Recordings.install(); // SocketEvents, which a window reads, must come from the bootstrap class loader
    }

    @BeforeEach
    void openWindows() {
        first = new WeakReference<>(open());
        second = new WeakReference<>(open());
    }

    @AfterEach
    void stopWindows() {
        opened.forEach(InstrumentedRecording::stop);
    }

    @Test
    void aTaskRunsInItsSubmittersWindowAndTheThreadsOwnComesBackAtItsEnd() {
        threadWindow.set(second);
        Object task = new Object();
        tasks.submitted(task, first, false);
        tasks.starting(task, true);
        assertThat(threadWindow.get()).isSameAs(first);
        tasks.ended(task);
        assertThat(threadWindow.get()).isSameAs(second);
    }

    @Test
    void aTaskSubmittedTwiceFromTheSameWindowIsRememberedOnce() {
        Object task = new Object();
        tasks.submitted(task, first, false);
        tasks.submitted(task, first, false);
        assertThat(tasks.remembered()).isEqualTo(1);
    }

    @Test
    void aRunnableExecutedAgainRunsInAWindowOnlyAsOftenAsThatGaveIt() {
        Object runnable = new Object();
        tasks.submitted(runnable, first, true);
        tasks.submitted(runnable, first, true);
        assertRunsIn(first, runnable, 2);
        assertRunsIn(null, runnable, 1); // given again by a thread without a window, which reports nothing
        assertThat(tasks.remembered()).isZero();
    }

    @Test
    void aTaskMadeForOneSubmissionKeepsItsWindowForEveryRunAlsoWhenExecutedToo() {
        // a periodic ScheduledFutureTask runs again and again; submit() creates a FutureTask, then executes it
        Object task = new Object();
        tasks.submitted(task, first, false);
        tasks.submitted(task, first, true);
        assertRunsIn(first, task, 3);
    }

    @Test
    void aMissedEndLastsUntilTheWorkersNextTask() {
        Object thrown = new Object();
        tasks.submitted(thrown, first, false);
        tasks.starting(thrown, true); // and its end never reported
        assertThat(threadWindow.get()).isSameAs(first);
        tasks.starting(new Object(), true); // a task submitted outside windows
        assertThat(threadWindow.get()).isNull();
    }

    @Test
    void aNestedTaskRunsInItsOwnWindowAndAMissedNestedEndGoesWithTheEnclosingTask() {
        Object outer = new Object();
        Object inner = new Object();
        tasks.submitted(outer, first, false);
        tasks.submitted(inner, second, false);
        tasks.starting(outer, false);
        tasks.starting(inner, false);
        assertThat(threadWindow.get()).isSameAs(second);
        tasks.ended(outer); // inner's end was missed
        assertThat(threadWindow.get()).isNull();
        tasks.ended(inner); // late, or reported twice: nothing left to undo
        assertThat(threadWindow.get()).isNull();
    }

    @Test
    void aTaskRunTwiceNestedEndsOnceForEachRun() {
        // ThreadPoolExecutor's beforeExecute, then FutureTask.run, for one task
        Object task = new Object();
        tasks.submitted(task, first, false);
        tasks.starting(task, true);
        tasks.starting(task, false);
        tasks.ended(task);
        assertThat(threadWindow.get()).isSameAs(first);
        tasks.ended(task);
        assertThat(threadWindow.get()).isNull();
    }

    @Test
    void aTaskWhoseWindowStoppedStartsInNone() {
        Object task = new Object();
        tasks.submitted(task, first, false);
        first.get().stop();
        tasks.starting(task, true);
        assertThat(threadWindow.get()).isNull();
    }

    @Test
    void nestingDeeperThanTheCapRunsInTheDeepestFollowedTasksWindow() {
        List<Object> nested = new ArrayList<>();
        for (int i = 0; i <= TaskWindows.MAX_NESTED; i++) {
            Object task = new Object();
            nested.add(task);
            tasks.submitted(task, i < TaskWindows.MAX_NESTED ? first : second, false);
            tasks.starting(task, false);
        }
        assertThat(threadWindow.get()).isSameAs(first);
        tasks.ended(nested.get(0));
        assertThat(threadWindow.get()).isNull();
    }

    @Test
    void tasksNeverRunPinNothingAndAreForgottenOnceCollected() throws InterruptedException {
        Object task = new Object();
        WeakReference<Object> collected = new WeakReference<>(task);
        tasks.submitted(task, first, false);
        for (int i = 0; i < 10_000; i++) {
            tasks.submitted(new Object(), first, false);
        }
        task = null;
        for (int attempt = 0; attempt < 10 && (collected.get() != null || tasks.remembered() > 0); attempt++) {
            System.gc();
            Thread.sleep(10);
        }
        assertThat(collected.get()).as("the task").isNull();
        assertThat(tasks.remembered()).isZero();
    }

    @Test
    void aForkJoinTaskRunsInItsCreatorsWindowAlsoInsideAnotherWindowsTask() {
        Object outer = new Object();
        Object stolen = new Object();
        tasks.submitted(outer, first, false);
        tasks.submitted(stolen, second, false);
        tasks.startingForkJoinTask(outer);
        tasks.startingForkJoinTask(stolen);
        assertThat(threadWindow.get()).isSameAs(second);
        tasks.ended(stolen);
        assertThat(threadWindow.get()).isSameAs(first);
        tasks.ended(outer);
        assertThat(threadWindow.get()).isNull();
    }

    @Test
    void aForkJoinTaskOfNoWindowTakenUpInsideAWindowsTaskRunsInTheThreadsOwnWindow() {
        threadWindow.set(second); // a pool thread started by a test's thread
        Object outer = new Object();
        Object windowless = new Object();
        tasks.submitted(outer, first, false);
        tasks.startingForkJoinTask(outer);
        tasks.startingForkJoinTask(windowless);
        assertThat(threadWindow.get()).isSameAs(second);
        tasks.ended(windowless);
        assertThat(threadWindow.get()).isSameAs(first);
        tasks.ended(outer);
        assertThat(threadWindow.get()).isSameAs(second);
    }

    @Test
    void aForkJoinTaskWhoseWindowStoppedRunsInTheThreadsOwnWindowInsideAnotherWindowsTask() {
        Object outer = new Object();
        Object late = new Object();
        tasks.submitted(outer, first, false);
        tasks.submitted(late, second, false);
        second.get().stop();
        tasks.startingForkJoinTask(outer);
        tasks.startingForkJoinTask(late);
        assertThat(threadWindow.get()).isNull();
        tasks.ended(late);
        assertThat(threadWindow.get()).isSameAs(first);
    }

    @Test
    void aForkJoinTaskOfNoWindowRunOutsideTasksLeavesTheThreadInItsOwnWindow() {
        threadWindow.set(first); // a test's thread calling invoke() on a task created before its window
        Object windowless = new Object();
        tasks.submitted(new Object(), second, false);
        tasks.startingForkJoinTask(windowless);
        assertThat(threadWindow.get()).isSameAs(first);
        tasks.ended(windowless);
        assertThat(threadWindow.get()).isSameAs(first);
    }

    @Test
    void aForkJoinTaskIsForgottenAtTheEndOfARunThatLeftItDone() {
        RecursiveAction task = action();
        tasks.submitted(task, first, false);
        tasks.startingForkJoinTask(task);
        tasks.endedForkJoinTask(task);
        assertThat(tasks.remembered()).as("not done: it may run again").isOne();
        task.complete(null);
        tasks.startingForkJoinTask(task);
        assertThat(threadWindow.get()).isSameAs(first);
        tasks.endedForkJoinTask(task);
        assertThat(threadWindow.get()).isNull();
        assertThat(tasks.remembered()).isZero();
    }

    @Test
    void aForkJoinTaskRunAgainNestedInItsFirstRunEndsEachRunAndIsForgottenOnlyWhenDone() {
        // a CountedCompleter forks itself while it runs; the thread may run that fork inside the first run
        RecursiveAction task = action();
        tasks.submitted(task, first, false);
        tasks.startingForkJoinTask(task);
        tasks.startingForkJoinTask(task);
        task.complete(null);
        tasks.endedForkJoinTask(task);
        assertThat(threadWindow.get()).isSameAs(first);
        tasks.endedForkJoinTask(task);
        assertThat(threadWindow.get()).isNull();
    }

    private static RecursiveAction action() {
        return new RecursiveAction() {
            @Override
            protected void compute() {
            }
        };
    }

    @Test
    void aStoppedWindowRemembersNoTask() {
        second.get().stop();
        tasks.submitted(new Object(), second, false);
        assertThat(tasks.remembered()).isZero();
    }

    /**
     * Runs {@code task} {@code runs} times as a worker without a window of its own does, asserting that each run is
     * in {@code window} (or none) and that the worker is in none after it.
     */
    private void assertRunsIn(WeakReference<InstrumentedRecording> window, Object task, int runs) {
        for (int run = 0; run < runs; run++) {
            tasks.starting(task, true);
            assertThat(threadWindow.get()).as("run %d", run).isSameAs(window);
            tasks.ended(task);
            assertThat(threadWindow.get()).as("after run %d", run).isNull();
        }
    }

    private InstrumentedRecording open() {
        InstrumentedRecording window = (InstrumentedRecording) Recordings.startRecording(Duration.ZERO);
        opened.add(window);
        return window;
    }
}
