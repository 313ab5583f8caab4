package io.socketwatch.internal.tracker;

import java.lang.ref.Reference;
import java.lang.ref.ReferenceQueue;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Library objects a window's thread began something with, which another thread finishes later for that thread's
 * site and window: a Netty channel begun to connect ({@link ConnectsOnBehalf}), a pool request that a connection is
 * delivered to (Reactor Netty's {@code DisposableAcquire}). Held weakly, with how each began, until removed, collected
 * or their window stops.
 */
final class BegunObjects {

    private final ConcurrentHashMap<Object, PendingConnect> begun = new ConcurrentHashMap<>();
    private final ReferenceQueue<Object> collected = new ReferenceQueue<>();

    /** Remembers how {@code object} began: at a site, in a window ({@code null}: none). */
    void began(Object object, PendingConnect begin) {
        Reference<?> gone;
        while ((gone = collected.poll()) != null) {
            begun.remove(gone);
        }
        begun.put(new SocketKey.Weak(object, collected), begin);
    }

    /** Returns how {@code object} began, or {@code null} when not remembered. */
    PendingConnect of(Object object) {
        return object == null || begun.isEmpty() ? null : begun.get(SocketKey.probe(object));
    }

    /** Forgets {@code object}. */
    void remove(Object object) {
        begun.remove(SocketKey.probe(object));
    }

    /** Forgets the objects begun in {@code window}, stopped. */
    void forget(InstrumentedRecording window) {
        if (!begun.isEmpty()) {
            begun.values().removeIf(begin -> begin.window() == window);
        }
    }
}
