package io.socketwatch.internal.tracker;

import io.socketwatch.model.SocketActivity;

/** One recording window of the tracker, as the public {@code SocketWatcher} drives it. */
public interface Recording extends AutoCloseable {

    /** Settles the window's connections (bounded wait) and returns them; recording goes on. */
    SocketActivity activity();

    /** Ends the window, settles and returns its connections. Later calls return the same result. */
    SocketActivity stop();

    /** Same as {@link #stop()}; idempotent. */
    @Override
    void close();
}
