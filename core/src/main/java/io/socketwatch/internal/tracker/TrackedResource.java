package io.socketwatch.internal.tracker;

import io.socketwatch.model.ClientResource;
import io.socketwatch.model.ClientResource.Kind;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A client-level resource the tracker follows from acquisition to release. The resource itself is held weakly, by
 * its map key, except a JDBC connection: those report no release event and are asked {@link Connection#isClosed()}
 * instead, so each is held until it is seen closed or its windows end ({@link #forget()}); a connection collected
 * before anyone asked could not tell whether it was closed.
 */
final class TrackedResource {

    final long id;
    final Kind kind;
    final String target;
    final CapturedSite site;
    final Instant acquiredAt;
    /** What the pool keys its limit by ({@code null}: nothing), e.g. an Apache HttpClient route. */
    final Object poolKey;
    final SocketKey.Weak key;
    /** The window of the thread that obtained it, or {@code null} when it went to every window. */
    final InstrumentedRecording window;
    /** Read at acquisition (HikariCP) or release (Apache HttpClient), whichever tells it. */
    private volatile OptionalInt poolMaximumSize;
    private volatile boolean released;
    private volatile Connection jdbcConnection;
    private final AtomicInteger windows = new AtomicInteger();

    TrackedResource(long id, Kind kind, String target, CapturedSite site, Instant acquiredAt,
                    OptionalInt poolMaximumSize, Object poolKey, SocketKey.Weak key, InstrumentedRecording window) {
        this.id = id;
        this.kind = kind;
        this.target = target;
        this.site = site;
        this.acquiredAt = acquiredAt;
        this.poolMaximumSize = poolMaximumSize;
        this.poolKey = poolKey;
        this.key = key;
        this.window = window;
        this.jdbcConnection = key.get() instanceof Connection connection ? connection : null;
    }

    boolean isJdbc() {
        return kind == Kind.JDBC_CONNECTION || kind == Kind.POOLED_JDBC_CONNECTION;
    }

    /** Counts a window that will ask about it. */
    void heldBy() {
        windows.incrementAndGet();
    }

    /** A window stopped asking; after the last, the strong reference to a JDBC connection is dropped. */
    void forget() {
        if (windows.decrementAndGet() <= 0) {
            jdbcConnection = null;
        }
    }

    /** Learns the pool's maximum for its target, if {@code maximum} tells it. */
    void poolMaximum(OptionalInt maximum) {
        if (maximum.isPresent()) {
            poolMaximumSize = maximum;
        }
    }

    void onRelease() {
        released = true;
    }

    /**
     * Returns whether the application released it. A JDBC connection is released when closed; an OkHttp call whose
     * response was dropped unclosed is not.
     */
    boolean isReleased() {
        if (released) {
            return true;
        }
        Connection connection = jdbcConnection;
        if (connection != null) {
            try {
                released = connection.isClosed();
            } catch (SQLException | RuntimeException broken) {
                released = true; // a connection that cannot answer is no longer usable: not held
            }
            if (released) {
                jdbcConnection = null;
            }
        }
        return released;
    }

    ClientResource snapshot() {
        return new ClientResource(id, kind, target, site.resolve(), acquiredAt, isReleased(), poolMaximumSize);
    }
}
