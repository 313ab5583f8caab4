package io.socketwatch.junit;

import io.socketwatch.LeftOpen;
import io.socketwatch.error.ShouldNotLeakAfterTheirTests;
import io.socketwatch.model.LaterFinding;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The look at the end of the run at what watched tests left open and their classes' looks did not report: a
 * connection whose peer closed it after its class ended, or that a static client kept and dropped. Same rules as the
 * class's look ({@link ClassSweep}), one look-up for all. Kept in the root store of JUnit Jupiter's execution, which
 * closes it when the engine's execution ends, after every class: a failure thrown then fails the engine's container,
 * which Maven Surefire and Gradle count as a failed test ({@code JUnit Jupiter}). Closes once, whichever interface
 * JUnit closes it through.
 */
@SuppressWarnings("deprecation") // CloseableResource: JUnit before 5.13 closes only those
final class RunSweep implements AutoCloseable, ExtensionContext.Store.CloseableResource {

    private final SweepModes.Mode mode;
    private final PrintStream err;
    private final ConcurrentLinkedQueue<ClassSweep> classes = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean closed = new AtomicBoolean();

    RunSweep(SweepModes.Mode mode, PrintStream err) {
        this.mode = mode;
        this.err = err;
    }

    /** Hands over what a class's tests left open, once its own look has run (or was off). */
    void add(ClassSweep sweep) {
        classes.add(sweep);
    }

    /**
     * Looks, once: fails with what it finds when the mode is {@code fail}, else prints it; prints what limited the
     * look either way. The build report gets the findings before its listener hears that the run ended.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        List<String> notes = new ArrayList<>();
        Optional<AssertionError> failure = SweepVerdict.of(look(notes),
                ShouldNotLeakAfterTheirTests::shouldNotLeakAfterTheRun);
        notes.forEach(note -> err.println("socketwatch: the look at the end of the run: " + note));
        if (failure.isPresent()) {
            if (mode == SweepModes.Mode.FAIL) {
                throw failure.get();
            }
            err.println("socketwatch: " + failure.get().getMessage().strip());
        }
    }

    private List<SweptLeak> look(List<String> notes) {
        List<LeftOpen> all = new ArrayList<>();
        classes.forEach(sweep -> all.addAll(sweep.unreported()));
        if (all.isEmpty()) {
            return List.of();
        }
        List<LaterFinding> found = LeftOpen.sweep(all, notes);
        List<SweptLeak> leaks = new ArrayList<>();
        for (ClassSweep sweep : classes) {
            leaks.addAll(sweep.leaksAmong(found, test -> sweep.testClass() + "." + test));
        }
        return leaks;
    }
}
