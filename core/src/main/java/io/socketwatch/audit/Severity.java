package io.socketwatch.audit;

/**
 * How bad a {@link Finding} is, from least to most severe.
 */
public enum Severity {
    /** Worth knowing: a default left in place, or a limit that only bites in unusual loads. */
    INFO,
    /** Fails or degrades under ordinary production load: stale connections, unbounded waits, small pools. */
    WARNING,
    /** Defeats connection reuse or exhausts a resource: every request churns a connection into TIME_WAIT. */
    CRITICAL;

    /** Returns whether this severity is {@code other} or worse. */
    public boolean isAtLeast(Severity other) {
        return compareTo(other) >= 0;
    }
}
