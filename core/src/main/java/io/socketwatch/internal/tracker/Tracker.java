package io.socketwatch.internal.tracker;

import java.time.Duration;

/** PLACEHOLDER until the tracker lands: the skeleton only fixes the entry point. */
public final class Tracker {

    private Tracker() {
    }

    /**
     * Installs the agent if it is not installed yet (idempotent, thread-safe). Never throws: when attach is impossible
     * the tracker announces OS-only mode once and recordings carry a note saying so.
     */
    public static void install() {
        throw new UnsupportedOperationException("the tracker is not built yet");
    }

    /** Installs the agent if needed and opens a recording window on the calling thread. */
    public static Recording startRecording(Duration settleTimeout) {
        throw new UnsupportedOperationException("the tracker is not built yet");
    }
}
