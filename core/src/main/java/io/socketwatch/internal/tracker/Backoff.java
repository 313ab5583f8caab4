package io.socketwatch.internal.tracker;

import java.time.Duration;

/**
 * The pauses between two looks at the OS table while a recording settles: they double from 1 ms up to
 * {@link #MAX_PAUSE}, and none goes past the deadline. Not thread-safe: one per settling.
 */
final class Backoff {

    /** Longest pause between two looks at the OS table while settling. */
    static final Duration MAX_PAUSE = Duration.ofMillis(64);

    private final long deadline;
    private long pauseMillis = 1;

    /** Starts a backoff that expires {@code timeout} from now. */
    Backoff(Duration timeout) {
        this.deadline = System.nanoTime() + timeout.toNanos();
    }

    boolean expired() {
        return System.nanoTime() >= deadline;
    }

    /**
     * Sleeps for the next pause, at least 1 ms and at most until the deadline. Returns {@code false} when the thread
     * was interrupted, with its interrupt status set again.
     */
    boolean pause() {
        long untilDeadline = Math.max(1, (deadline - System.nanoTime()) / 1_000_000);
        try {
            Thread.sleep(Math.min(pauseMillis, untilDeadline));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
        pauseMillis = Math.min(pauseMillis * 2, MAX_PAUSE.toMillis());
        return true;
    }
}
