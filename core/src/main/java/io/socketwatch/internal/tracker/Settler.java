package io.socketwatch.internal.tracker;

import io.socketwatch.internal.os.FourTuple;
import io.socketwatch.internal.os.SocketEntry;
import io.socketwatch.internal.os.SocketTableException;
import io.socketwatch.internal.tracker.Membership.Member;
import io.socketwatch.internal.tracker.ServerThreads.Idleness;
import io.socketwatch.model.TcpConnection.Origin;
import io.socketwatch.model.TcpConnection.Side;
import io.socketwatch.model.TcpState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Settles a window's connections before its activity is taken: waits, at most the window's settle timeout, while one
 * is in a passing state, and returns the OS rows last read for them. Looks at the OS table with the pauses of a
 * {@link Backoff}; blocks the calling thread meanwhile, and returns at once when nothing passes.
 */
final class Settler {

    /**
     * The OS rows last read for the window's connections, by 4-tuple.
     *
     * @param tableReadable {@code false} when the table could not be read: then no connection's state is known
     */
    record Settled(Map<FourTuple, SocketEntry> rows, boolean tableReadable) {
    }

    private final StateLookup states;
    private final Duration timeout;

    Settler(StateLookup states, Duration timeout) {
        this.states = states;
        this.timeout = timeout;
    }

    /**
     * Reads the OS states of {@code connections} again and again, until none of them but the baseline's is in a
     * transient state or CLOSE_WAIT, none of {@code resources} is still held, no in-JVM peer of one may still be about
     * to close, and {@code untracked} finds nothing; or until the timeout.
     *
     * @param untracked the window's look for untracked sockets in CLOSE_WAIT, or {@code null} if it does not look
     * @param notes     told why settling ended early: the table could not be read, or the thread was interrupted
     */
    Settled settle(List<Member> connections, List<TrackedResource> resources, UntrackedLook.Settling untracked,
                   List<String> notes) {
        List<FourTuple> tuples = new ArrayList<>(connections.size());
        for (Member member : connections) {
            tuples.add(member.connection().tuple);
        }
        Map<FourTuple, SocketEntry> found = Map.of();
        boolean tableReadable = true;
        Backoff backoff = new Backoff(timeout);
        boolean serversBusyAtLastLook = true; // a first look idle in Java only is not enough
        while (true) {
            try {
                found = tuples.isEmpty() ? Map.of() : states.lookup(tuples); // nothing to ask: most tests
            } catch (SocketTableException e) {
                tableReadable = false;
                notes.add("OS states unknown: " + e.getMessage());
                break;
            }
            // an untracked CLOSE_WAIT passes as a tracked one does, unless it cannot be this window's anyway
            boolean untrackedPassing = untracked != null && untracked.look();
            // a server thread idle in Java, whose OS state is unknown, may just have been woken to close: idle at two
            // looks in a row counts then
            Idleness servers = inJvmServers(connections);
            boolean serversSettled = servers == Idleness.IDLE
                    || servers == Idleness.IDLE_IN_JAVA && !serversBusyAtLastLook;
            serversBusyAtLastLook = servers == Idleness.BUSY;
            if ((!anyPassing(connections, found) && !anyHeld(resources) && serversSettled && !untrackedPassing)
                    || backoff.expired()) {
                break;
            }
            if (!backoff.pause()) {
                notes.add("settling was interrupted");
                break;
            }
        }
        return new Settled(found, tableReadable);
    }

    /** Returns whether one of the window's resources is still held: the application may be releasing it. */
    private static boolean anyHeld(List<TrackedResource> resources) {
        for (TrackedResource resource : resources) {
            if (!resource.isReleased()) {
                return true;
            }
        }
        return false;
    }

    /**
     * How idle the threads serving the server ends of the window's open loopback connections whose both ends are in
     * this JVM are: the thread that accepted each and the one that used it last; {@link Idleness#IDLE} when there is no
     * such pair. A server that closes right after its answer ({@code Connection: close}) often does so after the test
     * has read the answer and ended, on the thread that used the connection or, as the JDK's {@code HttpServer} does,
     * on the one that accepted it; settling waits for those threads, under the settle timeout, rather than for a fixed
     * quiet time.
     */
    private static Idleness inJvmServers(List<Member> all) {
        if (all.size() < 2) {
            return Idleness.IDLE; // no pair: most tests, which then allocate nothing here
        }
        Map<FourTuple, TrackedConnection> open = new HashMap<>();
        for (Member member : all) {
            if (member.connection().isOpen()) {
                open.put(member.connection().tuple, member.connection());
            }
        }
        Idleness servers = Idleness.IDLE;
        for (Member member : all) {
            TrackedConnection server = member.connection();
            if (member.origin() != Origin.BASELINE && server.side == Side.SERVER && server.isOpen()
                    && open.containsKey(server.tuple.reversed())) {
                servers = servers.and(ServerThreads.ofServerEnd(server));
                if (servers == Idleness.BUSY) {
                    return servers;
                }
            }
        }
        return servers;
    }

    /**
     * Whether a connection opened in the window may still change state before the verdict: in a transient state or
     * CLOSE_WAIT in {@code found}, or still ESTABLISHED there though this JVM closed it: the agent records a close when
     * the close method starts, and the OS sends the FIN a little later on the closing thread, which a loaded machine
     * may not run for a while (the JDK's {@code HttpServer} closes on its selector thread after its answer). Not one
     * that test infrastructure opened or accepted, which the activity sets aside: a test server's end that it closed
     * itself stays in FIN_WAIT2 until the client closes its end, often long after the test. Nor a client end in
     * FIN_WAIT2 whose peer is such a test server's open end served by idle threads: that server closes when its test
     * code gets to it (a throttled answer, a server closed in {@code @AfterEach}), not while the checks wait.
     */
    private static boolean anyPassing(List<Member> all, Map<FourTuple, SocketEntry> found) {
        for (Member member : all) {
            if (member.origin() == Origin.BASELINE) {
                continue;
            }
            TrackedConnection connection = member.connection();
            SocketEntry entry = found.get(connection.tuple);
            if (entry == null) {
                continue;
            }
            TcpState state = entry.state();
            boolean mayChange = state.isTransient() || state == TcpState.CLOSE_WAIT
                    || state == TcpState.ESTABLISHED && !connection.isOpen();
            if (mayChange && !isTestInfrastructure(connection)
                    && !(state == TcpState.FIN_WAIT2 && peerIsAnIdleTestServer(connection, all))) {
                return true;
            }
        }
        return false;
    }

    /** Whether the open peer of {@code client} is in the window, a test server's end, and its threads idle. */
    private static boolean peerIsAnIdleTestServer(TrackedConnection client, List<Member> all) {
        FourTuple peerTuple = client.tuple.reversed();
        for (Member member : all) {
            TrackedConnection peer = member.connection();
            if (peer.side == Side.SERVER && peer.isOpen() && peer.tuple.equals(peerTuple)) {
                return isTestInfrastructure(peer) && ServerThreads.ofServerEnd(peer) == Idleness.IDLE;
            }
        }
        return false;
    }

    private static boolean isTestInfrastructure(TrackedConnection connection) {
        return connection.site.resolve().isIn(SocketKeepers.TEST_INFRASTRUCTURE);
    }
}
