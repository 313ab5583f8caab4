package io.socketwatch.internal.tracker;

import io.socketwatch.model.SocketActivity;

/** One recording window of the tracker, as the public {@code SocketWatcher} drives it. */
public interface Recording extends AutoCloseable {

    /** Settles the window's connections (bounded wait) and returns them; recording goes on. */
    SocketActivity activity();

    /** Ends the window, settles and returns its connections. Later calls return the same result. */
    SocketActivity stop();

    /**
     * Returns, once {@link #stop()} returned, the connections the window opened that were open then, followed after
     * its end; nothing before, or where connections are not tracked.
     */
    default LeftBehind leftBehind() {
        return LeftBehind.NONE;
    }

    /** Same as {@link #stop()}; idempotent. */
    @Override
    void close();
}
