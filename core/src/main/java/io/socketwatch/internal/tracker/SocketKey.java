package io.socketwatch.internal.tracker;

import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;

/**
 * Identity keys for JDK socket objects (and executor tasks) in concurrent maps. {@link Weak} holds the socket weakly,
 * so the tracker never keeps a socket alive and learns from its queue when one was collected; {@link #probe} finds an
 * entry by the socket itself without allocating a reference.
 */
final class SocketKey {

    private SocketKey() {
    }

    /**
     * A map key holding its socket weakly; equal to another key or probe for the same socket object. Subclasses may
     * carry a value, so that the key is its own map entry's value.
     */
    static class Weak extends WeakReference<Object> {

        private final int hash;

        Weak(Object socket, ReferenceQueue<Object> queue) {
            super(socket, queue);
            this.hash = System.identityHashCode(socket);
        }

        @Override
        public int hashCode() {
            return hash;
        }

        @Override
        public boolean equals(Object other) {
            if (other == this) {
                return true;
            }
            Object socket = get();
            if (socket == null) {
                return false;
            }
            return other instanceof Probe probe ? probe.socket == socket
                    : other instanceof Weak weak && weak.get() == socket;
        }
    }

    /** A short-lived key for looking a socket up. */
    static Object probe(Object socket) {
        return new Probe(socket);
    }

    private record Probe(Object socket) {

        @Override
        public int hashCode() {
            return System.identityHashCode(socket);
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Weak weak ? weak.get() == socket
                    : other instanceof Probe probe && probe.socket == socket;
        }
    }
}
