package io.socketwatch.internal.tracker;

import java.lang.ref.Reference;
import java.lang.ref.ReferenceQueue;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The TLS ends of the JVM ({@code SSLSocket}s, and the {@code SSLEngine}s whose socket is known), each with the
 * connection it runs over, so that the connection counts turns of application data as its exchanges. TLS ends are held
 * weakly; an entry goes when its end is collected.
 *
 * <p>{@link #read} and {@link #writing} come for every TLS read and write of the JVM: they take no lock and allocate
 * only a look-up probe. An {@code SSLEngine} whose socket is not known is looked up and found in no entry.
 */
final class TlsEnds {

    private final ConcurrentHashMap<Object, TrackedConnection> ends = new ConcurrentHashMap<>();
    private final ReferenceQueue<Object> collected = new ReferenceQueue<>();
    private final OpenSockets sockets;

    TlsEnds(OpenSockets sockets) {
        this.sockets = sockets;
    }

    /**
     * {@code tlsEnd} starts a handshake over the socket {@code transport} holds ({@code null} for an {@code
     * SSLSocket}, which holds it itself): from now on its connection counts application data turns. Nothing when the
     * socket is not a connected one this JVM follows or can adopt.
     */
    void starting(Object tlsEnd, Object transport) {
        if (ends.containsKey(SocketKey.probe(tlsEnd))) {
            return; // a key update: it starts again
        }
        Object socket = UnderlyingSockets.socketUnder(tlsEnd, transport);
        TrackedConnection connection = socket == null ? null : sockets.connectionOf(socket);
        if (connection == null) {
            return;
        }
        connection.onTlsStarting();
        drainCollected();
        ends.put(new SocketKey.Weak(tlsEnd, collected), connection);
    }

    void read(Object tlsEnd) {
        TrackedConnection connection = ends.get(SocketKey.probe(tlsEnd));
        if (connection != null) {
            connection.onTlsRead();
        }
    }

    void writing(Object tlsEnd) {
        TrackedConnection connection = ends.get(SocketKey.probe(tlsEnd));
        if (connection != null) {
            connection.onTlsWriteStarting();
        }
    }

    private void drainCollected() {
        Reference<?> gone;
        while ((gone = collected.poll()) != null) {
            ends.remove(gone);
        }
    }
}
