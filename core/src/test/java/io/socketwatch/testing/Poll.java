package io.socketwatch.testing;

import java.time.Duration;
import java.util.function.Predicate;
import java.util.function.Supplier;

/** Bounded polling for tests: socket states change a few milliseconds after the call that causes them. */
public final class Poll {

    private Poll() {
    }

    /**
     * Asks {@code probe} with capped backoff (1 ms doubling to 100 ms), for at most 5 s, until its answer passes
     * {@code done}; returns the last answer either way.
     */
    public static <T> T until(Supplier<T> probe, Predicate<T> done) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        long pauseMillis = 1;
        T answer = probe.get();
        while (!done.test(answer) && System.nanoTime() < deadline) {
            Thread.sleep(pauseMillis);
            pauseMillis = Math.min(pauseMillis * 2, 100);
            answer = probe.get();
        }
        return answer;
    }
}
