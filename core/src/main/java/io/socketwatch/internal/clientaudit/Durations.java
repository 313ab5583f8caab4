package io.socketwatch.internal.clientaudit;

import java.time.Duration;

/** Formats durations the way a report reads them: {@code 5 min}, {@code 30 s}, {@code 250 ms}. */
public final class Durations {

    private Durations() {
    }

    /** Returns {@code duration} in the largest unit that divides it: h, min, s or ms. */
    public static String format(Duration duration) {
        long millis = duration.toMillis();
        if (millis != 0 && millis % 3_600_000 == 0) {
            return millis / 3_600_000 + " h";
        }
        if (millis != 0 && millis % 60_000 == 0) {
            return millis / 60_000 + " min";
        }
        if (millis % 1000 == 0) {
            return millis / 1000 + " s";
        }
        return millis + " ms";
    }

    /** Same as {@link #format(Duration)} for a count of milliseconds. */
    public static String millis(long millis) {
        return format(Duration.ofMillis(millis));
    }
}
