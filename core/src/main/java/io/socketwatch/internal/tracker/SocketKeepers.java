package io.socketwatch.internal.tracker;

import java.util.List;

/**
 * Client libraries that keep every socket they open reachable until they close it, so that a garbage collection can
 * never find one of theirs dropped without close: OkHttp (its connection pool is held by its cleanup task while it has
 * connections; a call whose response is never closed leaks the call, which its integration reports, not the socket)
 * and the JDK's {@code HttpClient} (its selector thread holds its connections while the client lives, and closes them
 * when it goes). A window whose open sockets are all theirs needs no garbage collection at its end. Not found so: a
 * connection such a client itself drops, as JDK 17's {@code HttpClient} does after giving up on a 401, which is
 * collected only with the client, after the test.
 */
final class SocketKeepers {

    /** Class name prefixes of the libraries' connecting code. */
    static final List<String> LIBRARIES = List.of("okhttp3.", "jdk.internal.net.http.");

    private SocketKeepers() {
    }

    /** Returns whether {@code connection} was opened by one of {@link #LIBRARIES}: a frame of its stack is theirs. */
    static boolean keepsReachable(TrackedConnection connection) {
        for (StackTraceElement frame : connection.site.resolve().stack()) {
            for (String library : LIBRARIES) {
                if (frame.getClassName().startsWith(library)) {
                    return true;
                }
            }
        }
        return false;
    }
}
