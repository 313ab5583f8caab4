package io.socketwatch.internal.tracker;

import io.socketwatch.internal.os.FourTuple;
import java.util.List;

/**
 * What a window ({@link InstrumentedRecording}) asks of the tracker that opened it, while it settles and when it
 * stops; never on a socket event's path.
 */
interface RecordingHost {

    /**
     * Marks the tracker's connections whose sockets were collected while open; then, if one of {@code own} (the
     * window's own connections) is still open, runs one garbage collection and marks those of them whose socket object
     * is gone. Given none, runs no collection.
     */
    void findCollected(List<TrackedConnection> own);

    /** Returns the open connection the tracker follows that has this 4-tuple, or {@code null}. Walks them all. */
    TrackedConnection following(FourTuple tuple);

    /** Returns a new id, in the sequence of the connections' ids: for a socket the window finds in the OS table. */
    long nextId();

    /**
     * Returns the look for untracked sockets in CLOSE_WAIT whose baseline was read when a native transport was first
     * defined, waiting at most 1 s for that read, or {@code null} if no transport was defined since the agent's
     * installation.
     *
     * @param notes told, in a sentence, why there is no look when the read failed or is late
     */
    UntrackedCloseWait untrackedSinceNativeTransport(List<String> notes);

    /**
     * Forgets {@code window}, which stopped on the calling thread: the thread belongs again to the window it belonged
     * to when this one was opened, if that one still records.
     */
    void windowStopped(InstrumentedRecording window);
}
