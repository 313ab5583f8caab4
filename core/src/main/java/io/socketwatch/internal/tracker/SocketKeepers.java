package io.socketwatch.internal.tracker;

import io.socketwatch.model.OpeningSite;
import java.util.List;

/**
 * Client libraries that keep every socket they open reachable until they close it, so that a garbage collection can
 * never find one of theirs dropped without close: OkHttp (its connection pool is held by its cleanup task while it has
 * connections; a call whose response is never closed leaks the call, which its integration reports, not the socket)
 * and the JDK's {@code HttpClient} (its selector thread holds its connections while the client lives, and closes them
 * when it goes), and the keep-alive cache of the JDK's {@code HttpURLConnection} for the sockets it holds at the time
 * (a static cache; one taken out for a request is held only by the application's connection object, so not kept).
 * A window whose open sockets are all theirs needs no garbage collection at its end. Not found so: a
 * connection such a client itself drops, as JDK 17's {@code HttpClient} does after giving up on a 401, which is
 * collected only with the client, after the test.
 */
public final class SocketKeepers {

    /** Class name prefixes of the libraries' connecting code. */
    static final List<String> LIBRARIES = List.of("okhttp3.", "jdk.internal.net.http.");

    /**
     * Test infrastructure that is not the code under test: class and package name prefixes whose connections a
     * recording's activity sets aside. Their ends need no garbage collection either: a test server holds what it
     * accepts, and what it drops is not the code under test's.
     */
    public static final List<String> TEST_INFRASTRUCTURE = List.of("mockwebserver3.", "okhttp3.mockwebserver.",
            "com.github.tomakehurst.wiremock.", "org.wiremock.", "org.mockserver.", "io.zonky.test.db.postgres.",
            "de.flapdoodle.embed.", "org.testcontainers.", "com.github.dockerjava.");

    private SocketKeepers() {
    }

    /**
     * Returns whether {@code connection} was opened by one of {@link #LIBRARIES} (a frame of its stack is theirs) or by
     * {@link #TEST_INFRASTRUCTURE}, or is held now by the keep-alive cache of the JDK's {@code HttpURLConnection}.
     */
    static boolean keepsReachable(TrackedConnection connection) {
        if (connection.heldByJdkKeepAlive()) {
            return true;
        }
        OpeningSite site = connection.site.resolve();
        if (site.isIn(TEST_INFRASTRUCTURE)) {
            return true;
        }
        for (StackTraceElement frame : site.stack()) {
            for (String library : LIBRARIES) {
                if (frame.getClassName().startsWith(library)) {
                    return true;
                }
            }
        }
        return false;
    }
}
